/** A self-contained HTML dashboard of insights, stage reports and models, its charts drawn by JFreeChart as SVG. */
package dev.takwimu.samples.dashboard;
