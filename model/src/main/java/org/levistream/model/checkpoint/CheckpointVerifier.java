package org.levistream.model.checkpoint;

import static org.levistream.model.checkpoint.CheckpointStore.MANIFEST_JSON;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.levistream.model.internal.Json;
import org.levistream.model.internal.Sha256;

/** Writes a checkpoint's manifest and checks a directory against it. */
final class CheckpointVerifier {
    /** One file's entry in the manifest. */
    record FileEntry(long size, String sha256) {}

    /** The manifest's content. */
    record Manifest(int format, Map<String, FileEntry> files) {}

    private CheckpointVerifier() {}

    /** Records every file's size and SHA-256 in {@code manifest.json}; called after the files are complete. */
    static void writeManifest(Path dir, List<String> files) throws IOException {
        Map<String, FileEntry> entries = new TreeMap<>();
        for (String name : files) {
            Path f = dir.resolve(name);
            entries.put(name, new FileEntry(Files.size(f), Sha256.hex(f)));
        }
        Json.MAPPER.writeValue(dir.resolve(MANIFEST_JSON).toFile(), new Manifest(CheckpointStore.FORMAT, entries));
    }

    /** Lists every way the directory differs from its manifest; see {@link CheckpointStore#verify}. */
    static List<String> verify(Path dir, List<String> required) {
        List<String> problems = new ArrayList<>();
        Path manifestFile = dir.resolve(MANIFEST_JSON);
        if (!Files.isDirectory(dir)) {
            problems.add(dir + " is not a directory");
            return problems;
        }
        if (!Files.isRegularFile(manifestFile)) {
            problems.add(MANIFEST_JSON + " is missing: the checkpoint is incomplete (half-written?)");
            return problems;
        }
        Manifest manifest;
        try {
            manifest = Json.MAPPER.readValue(manifestFile.toFile(), Manifest.class);
        } catch (IOException e) {
            problems.add(MANIFEST_JSON + " is unreadable: " + e.getMessage());
            return problems;
        }
        if (manifest.files() == null) {
            problems.add(MANIFEST_JSON + " lists no files");
            return problems;
        }
        for (String name : required) {
            if (!manifest.files().containsKey(name)) {
                problems.add(MANIFEST_JSON + " does not list " + name);
            }
        }
        manifest.files().forEach((name, entry) -> checkFile(dir, name, entry, problems));
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.equals(MANIFEST_JSON) && !manifest.files().containsKey(n))
                    .sorted()
                    .forEach(n -> problems.add(n + " is not in the manifest"));
        } catch (IOException e) {
            problems.add("cannot list " + dir + ": " + e.getMessage());
        }
        return problems;
    }

    private static void checkFile(Path dir, String name, FileEntry entry, List<String> problems) {
        Path file = dir.resolve(name);
        if (!file.normalize().getParent().equals(dir.normalize())) {
            problems.add(MANIFEST_JSON + " lists " + name + ", which is outside the checkpoint");
            return;
        }
        try {
            if (!Files.isRegularFile(file)) {
                problems.add(name + " is missing");
                return;
            }
            long size = Files.size(file);
            if (size != entry.size()) {
                problems.add(name + " has " + size + " bytes but the manifest says " + entry.size());
                return;
            }
            String sha = Sha256.hex(file);
            if (!sha.equals(entry.sha256())) {
                problems.add(name + " has SHA-256 " + sha + " but the manifest says " + entry.sha256());
            }
        } catch (IOException e) {
            problems.add(name + " is unreadable: " + e.getMessage());
        }
    }
}
