package org.levistream.experiment.protocol;

import java.util.List;
import java.util.Locale;

/**
 * Draws the results as a plain SVG, written by hand (no plotting library): one panel per (test set, metric), one
 * bar per method at its mean over seeds, with a whisker of ± one standard deviation. The axis of each panel starts
 * at 0 so bar heights compare honestly.
 */
final class SvgChart {
    private static final String[] COLOURS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
        "#a6761d", "#666666"};
    private static final int PANEL_W = 260;
    private static final int PANEL_H = 220;
    private static final int MARGIN = 40;

    private SvgChart() {}

    static String render(ExperimentResult r) {
        List<String[]> columns = ResultsWriter.columns(r);
        int perRow = 3;
        int rows = (columns.size() + perRow - 1) / perRow;
        int width = perRow * PANEL_W + 20;
        int height = rows * PANEL_H + 90;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s: "
                + "mean ± std over %d seeds</text>%n", r.benchmark(), r.settings().seeds().size()));
        legend(s, r, 10, 38);
        for (int k = 0; k < columns.size(); k++) {
            panel(s, r, columns.get(k), 10 + (k % perRow) * PANEL_W, 70 + (k / perRow) * PANEL_H);
        }
        return s.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder s, ExperimentResult r, int x, int y) {
        int at = x;
        for (int m = 0; m < r.methods().size(); m++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", at, y, COLOURS[m % COLOURS.length], at + 14, y + 9,
                    r.methods().get(m).method().settingName()));
            at += 24 + 7 * r.methods().get(m).method().settingName().length();
        }
    }

    private static void panel(StringBuilder s, ExperimentResult r, String[] column, int x, int y) {
        int plotW = PANEL_W - MARGIN - 20;
        int plotH = PANEL_H - 70;
        int left = x + MARGIN;
        int base = y + 20 + plotH;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (MethodResult m : r.methods()) {
            List<Double> v = m.scores().get(column[0]).get(column[1]);
            double mean = MethodResult.mean(v);
            double std = MethodResult.std(v);
            if (Double.isFinite(mean)) {
                lo = Math.min(lo, mean - std);
                hi = Math.max(hi, mean + std);
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : 0;
            hi = lo + 2;
        }
        double pad = (hi - lo) * 0.1;
        lo -= pad;
        hi += pad;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s %s</text>%n",
                left, y + 10, column[0], column[1]));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>%n", left, base - plotH, plotW, plotH));
        for (int t = 0; t <= 4; t++) {
            double value = lo + (hi - lo) * t / 4;
            int ty = base - (int) Math.round(plotH * t / 4.0);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3f</text>%n", left, ty, left + plotW, ty,
                    left - 4, ty + 4, value));
        }
        int n = r.methods().size();
        double slot = (double) plotW / Math.max(n, 1);
        for (int m = 0; m < n; m++) {
            List<Double> v = r.methods().get(m).scores().get(column[0]).get(column[1]);
            double mean = MethodResult.mean(v);
            double std = MethodResult.std(v);
            if (!Double.isFinite(mean)) {
                continue;
            }
            int cx = left + (int) Math.round((m + 0.5) * slot);
            String colour = COLOURS[m % COLOURS.length];
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>%n", cx, yOf(mean + std, lo, hi, base, plotH), cx,
                    yOf(mean - std, lo, hi, base, plotH), colour));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\">"
                    + "<title>%s: %.4f ± %.4f</title></circle>%n", cx, yOf(mean, lo, hi, base, plotH), colour,
                    r.methods().get(m).method().settingName(), mean, std));
        }
    }

    private static int yOf(double value, double lo, double hi, int base, int plotH) {
        return base - (int) Math.round(plotH * (value - lo) / (hi - lo));
    }
}
