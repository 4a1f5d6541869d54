package dev.postject.service.platform.limits;

/**
 * Where a quota stands as this node sees it: {@code remaining} uses it could still allow in the
 * current window (those it holds plus those no node has leased yet), and the seconds until the
 * window ends and the quota is whole again.
 */
public record QuotaStanding(Quota quota, long remaining, long resetSeconds) {}
