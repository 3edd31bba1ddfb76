package dev.takwimu.aws.internal;

import dev.takwimu.core.TakwimuException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into one-line errors that name the call, the resource and, when denied, the permission. */
public final class AwsErrors {
  private AwsErrors() {}

  /**
   * The error to raise when {@code action} (an IAM action such as {@code athena:StartQueryExecution}) on
   * {@code resource} failed.
   */
  public static TakwimuException of(SdkException e, String action, String resource) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
      String message = service.awsErrorDetails() == null ? service.getMessage()
          : service.awsErrorDetails().errorMessage();
      if (isDenied(service)) {
        return new TakwimuException(String.format(
            "AWS denied %s on %s: grant %s to the credentials in use (see `takwimu aws policy`): %s",
            action, resource, action, message), e);
      }
      return new TakwimuException(String.format("%s on %s failed: %s%s", action, resource,
          code == null || code.isEmpty() ? "" : code + ": ", message), e);
    }
    return new TakwimuException(String.format("%s on %s failed: %s", action, resource, clientMessage(e)), e);
  }

  /** The SDK's message, but one short sentence for missing credentials (the SDK lists every provider it tried). */
  static String clientMessage(SdkException e) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Unable to load credentials")) {
      return "no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE for a"
          + " profile in ~/.aws/credentials";
    }
    return message;
  }

  public static boolean isDenied(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    return e.statusCode() == 403 || code.contains("AccessDenied") || code.equals("UnauthorizedOperation");
  }

  /** Whether the error means the thing asked for does not exist. */
  public static boolean isNotFound(SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
      return service.statusCode() == 404 || code.equals("EntityNotFoundException") || code.equals("NoSuchKey")
          || code.equals("NoSuchBucket") || code.equals("ResourceNotFound");
    }
    return false;
  }
}
