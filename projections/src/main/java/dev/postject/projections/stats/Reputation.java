package dev.postject.projections.stats;

/**
 * The rules receivers hold senders to, over an account's last {@value #WINDOW} recipient sends:
 * hard bounces under {@value #BOUNCE_THRESHOLD} (5%) and complaints under
 * {@value #COMPLAINT_THRESHOLD} (0.3%). Only hard bounces count: a soft bounce (a full mailbox)
 * or a block (the receiver's policy, often about content or the sending IP) says nothing about
 * the list, and that is how SES and the big mailbox providers count too. Below {@code minimumSends}
 * the rates are too noisy to act on.
 */
public record Reputation(int minimumSends) {
    public static final int WINDOW = 1000;
    public static final double BOUNCE_THRESHOLD = 0.05;
    public static final double COMPLAINT_THRESHOLD = 0.003;

    public Reputation {
        if (minimumSends < 1 || minimumSends > WINDOW) {
            throw new IllegalArgumentException("minimumSends must be between 1 and " + WINDOW);
        }
    }

    /** A count over the sends as a fraction of them; zero for no sends. */
    public static double rate(long count, long sends) {
        return sends == 0 ? 0 : (double) count / sends;
    }
}
