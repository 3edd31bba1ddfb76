/** Tribuo models for any backend: training on rows the backend selects, predicting rows, the saved model file. */
package dev.takwimu.engine.tribuo;
