package org.levistream.bench.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One measured case.
 *
 * @param samplesPerSecond examples trained per wall-clock second
 * @param stepMillis       wall time per step, batch building included
 */
record Measurement(double samplesPerSecond, double stepMillis) {
    /** Prints this case as one aligned line under {@code label}. */
    void print(PrintWriter out, String label) {
        out.println(String.format(Locale.ROOT, "  %-40s %9.0f samples/s  %7.2f ms/step", label, samplesPerSecond,
                stepMillis));
        out.flush();
    }
}
