package dev.takwimu.samples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares two {@code insights --format json} outputs: the same insights, rows, columns, strings and whole numbers, and
 * doubles equal to 1e-9 relative. Insights average doubles in whatever order the engine's threads finish, so the last
 * digits can differ between runs on the same lake (docs/semantics.md).
 */
final class SameInsights {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SameInsights() {}

  /** The differences, at most 10, each as {@code path: actual != expected}; empty when they match. */
  static List<String> differences(String expected, String actual) {
    List<String> found = new ArrayList<>();
    try {
      compare("", JSON.readTree(expected), JSON.readTree(actual), found);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found.size() > 10 ? found.subList(0, 10) : found;
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> found) {
    boolean doubles = expected.isNumber() && actual.isNumber()
        && (expected.isFloatingPointNumber() || actual.isFloatingPointNumber());
    if (doubles) {
      double e = expected.doubleValue();
      double a = actual.doubleValue();
      if (Math.abs(a - e) > 1e-9 * Math.max(Math.abs(e), Math.abs(a))) {
        found.add(path + ": " + a + " != " + e);
      }
    } else if (expected.isContainerNode() && expected.getNodeType() == actual.getNodeType()
        && expected.size() == actual.size()) {
      if (expected.isArray()) {
        for (int i = 0; i < expected.size(); i++) {
          compare(path + "[" + i + "]", expected.get(i), actual.get(i), found);
        }
      } else {
        for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          compare(path + "." + name, expected.get(name), actual.path(name), found);
        }
      }
    } else if (!expected.equals(actual)) {
      found.add(path + ": " + abbreviate(actual) + " != " + abbreviate(expected));
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
