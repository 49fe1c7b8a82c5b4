package org.levistream.app.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped config files a demo runs with, from one folder: the split files that route the data, the trainers'
 * configs and the evaluator's. The demo changes only what a run must (addresses, folders, methods, sizes).
 *
 * @param dir the folder, {@code config} in the repository
 */
record DemoConfigs(Path dir) {
    Path movieLensSplit() {
        return dir.resolve("split-movielens.yaml");
    }

    Path digitsSplit() {
        return dir.resolve("split-digits.yaml");
    }

    Path movieLensTrainer() {
        return dir.resolve("trainer-movielens.yaml");
    }

    Path digitsTrainer() {
        return dir.resolve("trainer-digits.yaml");
    }

    Path evaluator() {
        return dir.resolve("evaluator.yaml");
    }

    /** The files missing from the folder; empty when the demo can run. */
    List<Path> missing() {
        return List.of(movieLensSplit(), digitsSplit(), movieLensTrainer(), digitsTrainer(), evaluator()).stream()
                .filter(f -> !Files.isRegularFile(f)).toList();
    }
}
