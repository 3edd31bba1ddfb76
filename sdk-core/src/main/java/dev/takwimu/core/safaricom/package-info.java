/** The Safaricom M-Pesa/Fuliza pipeline: raw exports to curated tables, customer features and county insights, as portable SQL. */
package dev.takwimu.core.safaricom;
