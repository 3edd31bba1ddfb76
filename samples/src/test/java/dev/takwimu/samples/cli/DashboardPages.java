package dev.takwimu.samples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What a written dashboard page shows, read back with the JDK's XML parser (the page is polyglot HTML5). */
final class DashboardPages {
  private DashboardPages() {}

  static Document parse(Path page) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return factory.newDocumentBuilder().parse(page.toFile());
  }

  /** The line under the heading: where the figures came from and when. */
  static String header(Document page) {
    Element header = (Element) page.getElementsByTagName("header").item(0);
    return header.getElementsByTagName("p").item(0).getTextContent();
  }

  /**
   * The figures the insights fill: the KPI tiles' texts, then every table of the insights section (each chart's data),
   * as rows of cell texts, header row first.
   */
  static List<List<String>> insightFigures(Document page) {
    List<List<String>> figures = new ArrayList<>();
    NodeList divs = page.getElementsByTagName("div");
    for (int i = 0; i < divs.getLength(); i++) {
      Element div = (Element) divs.item(i);
      if (div.getAttribute("class").equals("tile")) {
        figures.add(List.of(div.getTextContent()));
      }
    }
    Element insights = section(page, "insights");
    NodeList rows = insights.getElementsByTagName("tr");
    for (int i = 0; i < rows.getLength(); i++) {
      List<String> cells = new ArrayList<>();
      NodeList children = rows.item(i).getChildNodes();
      for (int c = 0; c < children.getLength(); c++) {
        cells.add(children.item(c).getTextContent());
      }
      figures.add(cells);
    }
    return figures;
  }

  /** The text of a section ({@code insights}, {@code stages}, {@code models}) with its charts' SVG left out. */
  static String sectionText(Document page, String id) {
    Element section = (Element) section(page, id).cloneNode(true);
    NodeList svgs = section.getElementsByTagName("svg");
    while (svgs.getLength() > 0) {
      svgs.item(0).getParentNode().removeChild(svgs.item(0));
    }
    return section.getTextContent();
  }

  private static Element section(Document page, String id) {
    NodeList sections = page.getElementsByTagName("section");
    for (int i = 0; i < sections.getLength(); i++) {
      Element section = (Element) sections.item(i);
      if (section.getAttribute("id").equals(id)) {
        return section;
      }
    }
    throw new AssertionError("no section " + id);
  }
}
