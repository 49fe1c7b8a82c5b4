package org.levistream.evaluator.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dashboard as one self-contained HTML file: the page with its styles and scripts inlined and a view embedded,
 * drawn by the live page's own code, with no server and no network. A run's results stay readable after the run,
 * and the report shows exactly what the dashboard showed.
 */
public final class StaticReport {
    private StaticReport() {
    }

    /**
     * Writes the report.
     *
     * @param snapshot what to draw
     * @param preface  HTML put below the charts (a summary table, say); empty for none
     * @param file     where to write; its folder is created
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path write(ViewSnapshot snapshot, String preface, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        return Files.writeString(file, html(snapshot, preface), StandardCharsets.UTF_8);
    }

    /** The report's HTML. */
    static String html(ViewSnapshot snapshot, String preface) {
        String page = text(DashboardServer.PAGE + "index.html");
        page = replaceOnce(page, "<link rel=\"stylesheet\" href=\"uplot/uPlot.min.css\">",
                "<style>" + text(DashboardServer.UPLOT + "uPlot.min.css") + "</style>");
        page = replaceOnce(page, "<link rel=\"stylesheet\" href=\"dashboard.css\">",
                "<style>" + text(DashboardServer.PAGE + "dashboard.css") + "</style>");
        // After the plots: the charts are what a report adds to the tables a run prints.
        page = replaceOnce(page, "</main>", "</main>\n  <section id=\"preface\">" + preface + "</section>");
        page = replaceOnce(page, "<script src=\"uplot/uPlot.iife.min.js\"></script>",
                script(text(DashboardServer.UPLOT + "uPlot.iife.min.js")));
        // "</" inside a script would end it early: JSON allows "<\/" for the same text.
        String state = DashboardJson.write(snapshot).replace("</", "<\\/");
        return replaceOnce(page, "<script src=\"dashboard.js\"></script>",
                "<script>window.LEVI_STATE = " + state + ";</script>\n  "
                        + script(text(DashboardServer.PAGE + "dashboard.js")));
    }

    private static String script(String code) {
        if (code.contains("</script")) {
            throw new IllegalStateException("a script to inline contains </script and would end its tag early");
        }
        return "<script>" + code + "</script>";
    }

    private static String text(String resource) {
        return new String(DashboardServer.read(resource), StandardCharsets.UTF_8);
    }

    // The page is ours: markup that is not where the report expects it is a bug to find now, not a broken report.
    private static String replaceOnce(String page, String markup, String replacement) {
        int at = page.indexOf(markup);
        if (at < 0 || page.indexOf(markup, at + 1) >= 0) {
            throw new IllegalStateException("the dashboard page must contain " + markup + " exactly once");
        }
        return page.substring(0, at) + replacement + page.substring(at + markup.length());
    }
}
