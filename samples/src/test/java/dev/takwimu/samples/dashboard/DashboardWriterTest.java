package dev.takwimu.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.takwimu.core.TakwimuException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class DashboardWriterTest {
  /** The sample dashboard, written once for the tests that only read it. */
  @TempDir
  static Path shared;
  private static Path index;

  @TempDir
  Path dir;

  @BeforeAll
  static void writeSample() {
    index = DashboardWriter.write(SampleDashboards.full(), shared.resolve("dashboard"));
  }

  @Test
  void writesOneSelfContainedPageWithEveryChartInlineAsSvgAndAsPng() throws Exception {
    assertThat(index).isEqualTo(shared.resolve("dashboard/index.html")).isRegularFile();
    String html = Files.readString(index);
    Document page = parse(html);
    NodeList svgs = page.getElementsByTagName("svg");
    assertThat(svgs.getLength()).isEqualTo(SampleDashboards.CHARTS);
    for (int i = 0; i < svgs.getLength(); i++) {
      Element svg = (Element) svgs.item(i);
      assertThat(svg.getAttribute("viewBox")).as("svg %s", svg.getAttribute("id")).isNotEmpty();
      assertThat(svg.getElementsByTagName("title").getLength()).isPositive();
      assertThat(svg.getElementsByTagName("text").getLength()).as("real text, not outlined glyphs").isGreaterThan(5);
    }
    assertThat(ids(page)).as("ids unique across the page, defs included").doesNotHaveDuplicates();

    // nothing from outside: no script, stylesheet, font, frame or image by address; URLs only as XML namespaces
    assertThat(page.getElementsByTagName("script").getLength()).isZero();
    for (String tag : List.of("link", "img", "iframe", "object", "embed", "image", "use")) {
      assertThat(page.getElementsByTagName(tag).getLength()).as(tag).isZero();
    }
    String withoutNamespaces = html.replaceAll("xmlns(:[\\w-]+)?\\s*=\\s*(\"[^\"]*\"|'[^']*')", "");
    assertThat(withoutNamespaces).doesNotContainPattern("(?i)https?:").doesNotContainPattern("(?i)@import")
        .doesNotContainPattern("url\\((?!#)").doesNotContain("//:");
    assertThat(meta(page, "http-equiv", "Content-Security-Policy")).startsWith("default-src 'none'");

    try (Stream<Path> pngs = Files.list(shared.resolve("dashboard/charts"))) {
      List<Path> files = pngs.toList();
      assertThat(files).hasSize(SampleDashboards.CHARTS).allMatch(p -> p.toString().endsWith(".png"));
      for (Path png : files) {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s decodes", png).isNotNull();
        assertThat(image.getWidth()).as("%s width", png)
            .isIn(ChartWriter.PNG_SCALE * InsightSection.CHART_WIDTH, ChartWriter.PNG_SCALE * ModelSection.CHART_WIDTH);
        assertThat(image.getHeight()).as("%s height", png).isBetween(ChartWriter.PNG_SCALE * 200,
            ChartWriter.PNG_SCALE * 1200);
        assertThat(html).contains("href=\"charts/" + png.getFileName() + "\"");
      }
    }
  }

  @Test
  void showsTheSourceDocumentsVisualsTheStageReportAndEachModel() throws Exception {
    Document page = parse(Files.readString(index));
    String text = page.getDocumentElement().getTextContent();

    assertThat(text).contains("Average loan amount by county", "Number of loans by county",
        "Average transaction amount by county", "Transactions by county", "Active subscribers by county",
        "Repayment rate by county", "Most-used channel (share of customers)", "M-PESA App");
    assertThat(tiles(page)).containsEntry("Inactive subscribers", "23.4%").containsEntry("Subscribers", "48,210")
        .containsEntry("Total loan amount", "KES 412.87 M").containsEntry("Total transaction amount", "KES 96.31 M");
    assertThat(text).contains("11,287 of 48,210 subscribers", "KES 412,873,559.50");
    // all 47 counties are drawn, plus customers without a county, and the bars come largest first
    Element loans = byId(page, "chart-total-loans-by-county");
    List<String> labels = texts(loans);
    assertThat(labels).containsAll(SampleDashboards.COUNTIES);
    assertThat(texts(byId(page, "chart-total-transactions-by-county"))).doesNotContain("(no county)");
    assertThat(text).contains("Not one of Kenya's 47 counties, so not ranked: (no county) 412");
    assertThat(text).contains("All 47 counties, largest first");

    Element stages = (Element) page.getElementsByTagName("table").item(indexOfTable(page, "stages"));
    assertThat(stages.getElementsByTagName("tr").getLength()).isEqualTo(1 + 7);
    assertThat(stages.getTextContent()).contains("curate-transactions", "1,204,311", "2,434",
        "parses-as(amount) 1,902 · reference(customer_id) 532", "9.87 s", "1 min 15 s");

    assertThat(text).contains("Churn model · XGBoost", "Loan activity model · Logistic regression (SGD)",
        "0.871", "0.784", "Correct: 9,693 of 10,642");
    assertThat(page.getElementById("chart-churn-roc")).isNotNull();
    assertThat(texts(byId(page, "chart-churn-roc"))).contains("Random guess (AUC 0.5)", "Model (AUC 0.871)");
    assertThat(texts(byId(page, "chart-loan-activity-features"))).contains("days_since_last_txn");
  }

  @Test
  void escapesEveryTextItPutsInThePage() throws Exception {
    String evil = "<script>alert('x')</script> & \"co\"";
    DashboardData data = new DashboardData(evil, "/lake/<b>", Instant.EPOCH,
        List.of(SampleDashboards.table("total-loans-by-county", List.of("county", "total_loans"),
                List.of(SampleDashboards.row(evil, 5L), SampleDashboards.row("Murang'a", 3L))),
            SampleDashboards.table("odd <insight>", List.of("<k>", "v&"), List.of(SampleDashboards.row(evil, "<i>")))),
        List.of(new StageSummary(evil, "<out>", 1, 1, 0, 0, Map.of(evil, 1L), Duration.ZERO)), List.of());

    String html = Files.readString(DashboardWriter.write(data, dir.resolve("d")));

    assertThat(html).doesNotContain("<script", "<b>", "<i>", "<k>", "<out>", "<insight>");
    String text = parse(html).getDocumentElement().getTextContent();
    assertThat(text).contains(evil, "/lake/<b>", "Odd <insight>", "<k>", "v&", "<i>", "<out>", "Murang'a");
  }

  @Test
  void saysSoWhenThereIsNothingToShow() throws Exception {
    Path index = DashboardWriter.write(SampleDashboards.empty(), dir.resolve("d"));

    Document page = parse(Files.readString(index));
    assertThat(page.getElementsByTagName("svg").getLength()).isZero();
    assertThat(page.getDocumentElement().getTextContent())
        .contains("No insights computed.", "No stages ran.", "No models trained.");
    try (Stream<Path> charts = Files.list(dir.resolve("d/charts"))) {
      assertThat(charts).isEmpty();
    }
  }

  @Test
  void aChartWithNothingToDrawSaysSoAndUnknownInsightsAreStillShown() throws Exception {
    ModelSummary untrained = new ModelSummary("churn", "XGBoost", Double.NaN, 0.9, Double.NaN, 0, Double.NaN, 0,
        new long[][] {{9, 0}, {1, 0}}, List.of(), List.of(), 40, 10, null);
    DashboardData data = new DashboardData("t", null, Instant.EPOCH, List.of(
        SampleDashboards.table("loan-metrics-by-county", List.of("county", "avg_loan_amount", "borrowers"), List.of()),
        SampleDashboards.table("fuliza-by-county", List.of("county", "overdrafts"),
            List.of(SampleDashboards.row("Nairobi", 7L), SampleDashboards.row("Kisumu", 2L))),
        SampleDashboards.table("top-agents", List.of("agent", "county", "customers"),
            List.of(SampleDashboards.row("A-1", "Nairobi", 3L)))), List.of(), List.of(untrained));

    Document page = parse(Files.readString(DashboardWriter.write(data, dir.resolve("d"))));

    String text = page.getDocumentElement().getTextContent();
    assertThat(text).contains("Average loan amount by county", "No rows with a value.", "Top agents", "A-1",
        "No ROC points recorded.", "No feature importances recorded.", "n/a", "Version unknown");
    assertThat(page.getElementById("chart-fuliza-by-county")).as("drawn by its shape").isNotNull();
    assertThat(page.getElementsByTagName("svg").getLength()).isEqualTo(1);
  }

  @Test
  void replacesAPreviousDashboardWholeAndLeavesNothingBeside() throws Exception {
    Path out = dir.resolve("dashboard");
    DashboardData one = SampleDashboards.full();
    DashboardWriter.write(new DashboardData("First", null, Instant.EPOCH, one.insights().subList(0, 1), List.of(),
        List.of()), out);
    assertThat(out.resolve("charts/avg-transaction-amount-by-county.png")).exists();

    DashboardWriter.write(SampleDashboards.empty(), out);

    assertThat(Files.readString(out.resolve("index.html"))).contains("Empty lake").doesNotContain("First");
    assertThat(out.resolve("charts/avg-transaction-amount-by-county.png")).doesNotExist();
    assertThat(names(dir)).containsExactly("dashboard");
  }

  @Test
  void refusesToReplaceADirectoryThatHoldsOtherFiles() throws Exception {
    Path out = Files.createDirectories(dir.resolve("home"));
    Files.writeString(out.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> DashboardWriter.write(SampleDashboards.full(), out))
        .isInstanceOf(TakwimuException.class)
        .hasMessage("Cannot write " + out + ": the directory holds other files (notes.txt); give a new directory, "
            + "or one that holds only a previous dashboard");
    assertThat(names(out)).containsExactly("notes.txt");
    assertThat(names(dir)).containsExactly("home");
  }

  @Test
  void aFailureLeavesThePreviousDirectoryAsItWasAndNoDebris() throws Exception {
    Path out = dir.resolve("dashboard");
    DashboardWriter.write(SampleDashboards.empty(), out);
    String before = Files.readString(out.resolve("index.html"));

    assertThatThrownBy(() -> AtomicDirectory.replace(out, Set.of("index.html", "charts"), temp -> {
      Files.writeString(temp.resolve("index.html"), "half");
      throw new IOException("disk full");
    })).isInstanceOf(TakwimuException.class).hasMessage("Cannot write " + out + ": disk full");

    assertThat(Files.readString(out.resolve("index.html"))).isEqualTo(before);
    assertThat(names(dir)).containsExactly("dashboard");
  }

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    NodeList all = document.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (element.hasAttribute("id")) {
        element.setIdAttribute("id", true);
      }
    }
    return document;
  }

  private static List<String> ids(Document page) {
    List<String> ids = new ArrayList<>();
    NodeList all = page.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      String id = ((Element) all.item(i)).getAttribute("id");
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static String meta(Document page, String attribute, String value) {
    NodeList metas = page.getElementsByTagName("meta");
    for (int i = 0; i < metas.getLength(); i++) {
      Element meta = (Element) metas.item(i);
      if (meta.getAttribute(attribute).equals(value)) {
        return meta.getAttribute("content");
      }
    }
    return null;
  }

  /** Label to value of every tile. */
  private static Map<String, String> tiles(Document page) {
    Map<String, String> tiles = new LinkedHashMap<>();
    NodeList divs = page.getElementsByTagName("div");
    for (int i = 0; i < divs.getLength(); i++) {
      Element tile = (Element) divs.item(i);
      if (tile.getAttribute("class").equals("tile")) {
        NodeList parts = tile.getElementsByTagName("div");
        tiles.putIfAbsent(parts.item(0).getTextContent(), parts.item(1).getTextContent());
      }
    }
    return tiles;
  }

  private static Element byId(Document page, String id) {
    Element element = page.getElementById(id);
    assertThat(element).as("element #%s", id).isNotNull();
    return element;
  }

  static List<String> texts(Element svg) {
    List<String> texts = new ArrayList<>();
    NodeList nodes = svg.getElementsByTagName("text");
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }

  private static int indexOfTable(Document page, String css) {
    NodeList tables = page.getElementsByTagName("table");
    for (int i = 0; i < tables.getLength(); i++) {
      if (((Element) tables.item(i)).getAttribute("class").equals(css)) {
        return i;
      }
    }
    throw new AssertionError("no table." + css);
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
