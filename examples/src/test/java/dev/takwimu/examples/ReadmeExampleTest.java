package dev.takwimu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Backend;
import dev.takwimu.core.Backends;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.DatasetInfo;
import dev.takwimu.safaricom.SyntheticExports;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's "Embedding the SDK" section, exactly as written: its dependency block is this module's whole
 * dependency list, and its Java block compiles against that classpath and runs in a fresh JVM, on the bundled seed
 * report and on a synthetic book big enough to train the models.
 */
class ReadmeExampleTest {
  private static final String SECTION = "## Embedding the SDK";
  // Test-only entries of surefire's class path; the example must compile and run without them.
  private static final List<String> TEST_ONLY = List.of("/org/junit/", "/org/assertj/", "/org/opentest4j/",
      "/org/apiguardian/", "/net/bytebuddy/", "surefire", File.separator + "test-classes");

  @TempDir
  static Path work;
  private static String className;
  private static Path classes;

  @BeforeAll
  static void compileTheExample() throws IOException {
    String java = block(readme(), "java");
    Matcher name = Pattern.compile("public (?:final )?class (\\w+)").matcher(java);
    assertThat(name.find()).as("the README's Java block declares a public class").isTrue();
    className = name.group(1);
    Path source = Files.createDirectories(work.resolve("src")).resolve(className + ".java");
    Files.writeString(source, java);
    classes = Files.createDirectories(work.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int status = javac.run(new ByteArrayInputStream(new byte[0]), errors, errors, "--release", "17",
        "-classpath", exampleClassPath(), "-d", classes.toString(), source.toString());
    assertThat(status).as("javac on the README's Java block:%n%s", errors.toString(StandardCharsets.UTF_8))
        .isZero();
  }

  @Test
  void theDependencyBlockIsExactlyWhatTheExampleIsBuiltWith() throws Exception {
    Set<String> readme = dependencies(parse("<dependencies>" + block(readme(), "xml") + "</dependencies>"));
    Document pom = parse(Files.readString(Path.of(System.getProperty("takwimu.pom"))));
    Set<String> module = dependencies(pom);
    String version = ((Element) pom.getElementsByTagName("parent").item(0))
        .getElementsByTagName("version").item(0).getTextContent().trim();
    assertThat(readme).as("the README's dependency block").isEqualTo(module.stream()
        .map(d -> d + ":" + version).collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void runsOnTheBundledSeedReport() throws Exception {
    Path directory = Files.createDirectories(work.resolve("seed-run"));
    String out = run(directory);
    // 19 customers: the pipeline and the insights run, the churn model says why it cannot train.
    assertThat(out).contains("curate-customers", "customer-features")
        .contains("Nairobi")
        .containsPattern("need at least 20 of each");
    assertThat(Files.exists(directory.resolve("lake"))).isTrue();
  }

  @Test
  void trainsAndScoresOnABookBigEnough() throws Exception {
    Path directory = Files.createDirectories(work.resolve("synthetic-run"));
    Path book = directory.resolve("book");
    SyntheticExports.builder().customers(3_000).seed(7).build().write(book);
    String out = run(directory, book.toString());
    Matcher auc = Pattern.compile("(?m)^churn AUC (0\\.\\d+)").matcher(out);
    assertThat(auc.find()).as("an AUC line in:%n%s", out).isTrue();
    assertThat(Double.parseDouble(auc.group(1))).isBetween(0.6, 1.0);
    assertThat(Files.isRegularFile(directory.resolve("models/churn.model"))).isTrue();
    try (Backend backend = Backends.open(Map.of(Backends.LAKE, directory.resolve("lake").toString()))) {
      DatasetInfo scores = backend.lake().describe(DatasetId.parse("cleaned/churn_scores")).orElseThrow();
      DatasetInfo features = backend.lake().describe(DatasetId.parse("cleaned/customer_features")).orElseThrow();
      assertThat(scores.rows()).isEqualTo(features.rows()).isPositive();
    }
  }

  /** Runs the compiled example in a new JVM whose working directory is {@code directory}; returns its output. */
  private static String run(Path directory, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + exampleClassPath(), className));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Path log = directory.resolve("example.log");
    Process process = builder.redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the example finished").isTrue();
    String out = Files.readString(log);
    assertThat(process.exitValue()).as("exit code; output:%n%s", out).isZero();
    return out;
  }

  private static String exampleClassPath() {
    return Pattern.compile(File.pathSeparator).splitAsStream(System.getProperty("java.class.path"))
        .filter(entry -> TEST_ONLY.stream().noneMatch(entry::contains))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String readme() throws IOException {
    String text = Files.readString(Path.of(System.getProperty("takwimu.readme")));
    int section = text.indexOf(SECTION);
    assertThat(section).as("README section %s", SECTION).isNotNegative();
    return text.substring(section);
  }

  /** The first fenced block of that language in the text. */
  private static String block(String text, String language) {
    Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(block.find()).as("a ```%s block in the README's section", language).isTrue();
    return block.group(1);
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** groupId:artifactId[:version] of each dependency outside test scope (all of them, in the README's block). */
  private static Set<String> dependencies(Document document) {
    Set<String> found = new TreeSet<>();
    NodeList dependencies = document.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      if ("test".equals(text(dependency, "scope"))) {
        continue;
      }
      String version = text(dependency, "version");
      found.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId")
          + (version == null ? "" : ":" + version));
    }
    return found;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }
}
