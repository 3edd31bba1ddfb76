/** Implementation of the AWS backend; not API. */
package dev.takwimu.aws.internal;
