package dev.postject.projections.stats;

/** An account's last sends (at most {@link Reputation#WINDOW}) and how many of them bounced hard or drew a complaint. */
public record RatesView(int sends, int bounces, int complaints) {
    public static final RatesView NONE = new RatesView(0, 0, 0);

    public double bounceRate() {
        return Reputation.rate(bounces, sends);
    }

    public double complaintRate() {
        return Reputation.rate(complaints, sends);
    }
}
