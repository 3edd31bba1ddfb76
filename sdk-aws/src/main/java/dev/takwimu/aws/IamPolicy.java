package dev.takwimu.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IAM identity policy of Allow statements, as {@link AwsPermissions#policy} generates it.
 *
 * @param statements the statements, in registry order
 * @param notes what a reader should know about the policy (placeholders used, conditions chosen)
 */
public record IamPolicy(List<Statement> statements, List<String> notes) {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One action or resource per line, as IAM's console shows policies. */
  private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
      .withObjectIndenter(new DefaultIndenter("  ", "\n"));

  public IamPolicy {
    statements = List.copyOf(statements);
    notes = List.copyOf(notes);
  }

  /**
   * One Allow statement.
   *
   * @param sid the statement id, naming its purpose
   * @param actions IAM actions, e.g. {@code s3:GetObject}
   * @param resources resource ARNs (with {@code *} wildcards)
   * @param condition operator to condition key to values, e.g. {@code StringEquals -> iam:PassedToService -> [..]};
   *     empty for none
   */
  public record Statement(String sid, List<String> actions, List<String> resources,
      Map<String, Map<String, List<String>>> condition) {
    public Statement {
      Objects.requireNonNull(sid, "sid");
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
      condition = Map.copyOf(condition);
    }

    /** Whether the statement allows the action (wildcards in the statement's actions honoured, case-insensitive). */
    public boolean allows(String action) {
      return actions.stream().anyMatch(pattern -> glob(pattern, true).matcher(action).matches());
    }

    /** Whether the statement allows the action on the resource ARN; conditions are not evaluated. */
    public boolean allows(String action, String resourceArn) {
      return allows(action) && resources.stream().anyMatch(r -> glob(r, false).matcher(resourceArn).matches());
    }
  }

  /** Whether some statement allows the action. */
  public boolean allows(String action) {
    return statements.stream().anyMatch(s -> s.allows(action));
  }

  /** Whether some statement allows the action on the resource; conditions are not evaluated. */
  public boolean allows(String action, String resourceArn) {
    return statements.stream().anyMatch(s -> s.allows(action, resourceArn));
  }

  /** The statement with this id, if the policy has it. */
  public java.util.Optional<Statement> statement(String sid) {
    return statements.stream().filter(s -> s.sid().equals(sid)).findFirst();
  }

  /** The policy document as IAM takes it ({@code Version 2012-10-17}), indented. */
  public String toJson() {
    ObjectNode document = JSON.createObjectNode();
    document.put("Version", "2012-10-17");
    ArrayNode array = document.putArray("Statement");
    for (Statement s : statements) {
      ObjectNode node = array.addObject();
      node.put("Sid", s.sid());
      node.put("Effect", "Allow");
      s.actions().forEach(node.putArray("Action")::add);
      s.resources().forEach(node.putArray("Resource")::add);
      if (!s.condition().isEmpty()) {
        ObjectNode condition = node.putObject("Condition");
        s.condition().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(op -> {
          ObjectNode keys = condition.putObject(op.getKey());
          op.getValue().entrySet().stream().sorted(Map.Entry.comparingByKey())
              .forEach(key -> key.getValue().forEach(keys.withArray(key.getKey())::add));
        });
      }
    }
    try {
      return JSON.writer(PRETTY).writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Pattern glob(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
  }
}
