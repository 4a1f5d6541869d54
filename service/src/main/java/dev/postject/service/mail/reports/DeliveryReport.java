package dev.postject.service.mail.reports;

/**
 * What a message received on the bounce address says: a delivery status notification about some
 * recipients ({@link Dsn}), a recipient's complaint ({@link Complaint}), or neither ({@link NotAReport}).
 * {@link DeliveryReports#parse} makes one of these from any input and never throws.
 *
 * <p>Nothing in a report is proof: anyone can send one. Its recipients and original message are
 * claims to be matched against Postject's own records (the signed VERP token of the
 * {@code Return-Path}, the {@code Message-ID} Postject wrote) before anything is credited to an email.
 */
public sealed interface DeliveryReport permits Dsn, Complaint, NotAReport {}
