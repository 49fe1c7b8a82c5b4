package org.levistream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link ComposeFileTest} needs of the {@code Dockerfile}: every stage's base image, and the final stage's
 * {@code USER} and {@code WORKDIR} (against which the services' relative paths resolve). Continuation lines are
 * joined; instructions are read case-insensitively, as Docker does.
 *
 * @param baseImages each {@code FROM}'s image, in order
 * @param user       the final stage's last {@code USER}, or empty for none (root)
 * @param workdir    the final stage's last {@code WORKDIR}, or {@code /}
 */
record Dockerfile(List<String> baseImages, String user, Path workdir) {

    static Dockerfile read(Path file) throws IOException {
        List<String> images = new ArrayList<>();
        String user = "";
        Path workdir = Path.of("/");
        String joined = Files.readString(file).replaceAll("\\\\\\r?\\n", " ");
        for (String line : joined.split("\\R")) {
            String[] words = line.strip().split("\\s+");
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "FROM" -> {
                    images.add(words[1].startsWith("--platform") ? words[2] : words[1]);
                    user = "";
                    workdir = Path.of("/");
                }
                case "USER" -> user = words[1];
                case "WORKDIR" -> workdir = workdir.resolve(words[1]);
                default -> { }
            }
        }
        return new Dockerfile(List.copyOf(images), user, workdir);
    }
}
