/** Implementation details of sdk-core; not API, may change without notice. */
package dev.takwimu.core.internal;
