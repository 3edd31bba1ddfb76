/**
 * The Safaricom M-Pesa/Fuliza pipeline: raw exports to curated tables, customer features and county insights, as
 * portable SQL; and synthetic exports to run it on ({@link dev.takwimu.safaricom.SyntheticExports}).
 */
package dev.takwimu.safaricom;
