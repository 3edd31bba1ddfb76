package dev.takwimu.local.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Why a filesystem operation failed, in words: the JDK's exceptions often carry only the path as their message. */
public final class IoReasons {
  private IoReasons() {}

  public static String of(IOException e) {
    if (e instanceof FileSystemException fs) {
      String file = fs.getFile();
      String reason = fs.getReason();
      if (e instanceof FileAlreadyExistsException) {
        return file + " exists and is not a directory";
      }
      if (e instanceof AccessDeniedException) {
        return "permission denied on " + file;
      }
      if (e instanceof NoSuchFileException) {
        return file + " does not exist";
      }
      if (e instanceof NotDirectoryException) {
        return file + " is not a directory";
      }
      if ("Not a directory".equals(reason) && file != null) {
        for (Path parent = Path.of(file).getParent(); parent != null; parent = parent.getParent()) {
          if (Files.exists(parent) && !Files.isDirectory(parent)) {
            return parent + " exists and is not a directory";
          }
        }
      }
      if (reason != null) {
        return file == null ? reason : file + ": " + reason;
      }
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
