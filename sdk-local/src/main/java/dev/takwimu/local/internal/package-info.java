/** Implementation of the local backend; not API. */
package dev.takwimu.local.internal;
