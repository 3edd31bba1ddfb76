/**
 * The Safaricom pipeline's contract suites (seed report, dirty data, synthetic data): abstract JUnit classes that each
 * backend's tests subclass, shipped in this module's test-jar.
 */
package dev.takwimu.safaricom.contract;
