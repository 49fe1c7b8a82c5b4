package org.levistream.app.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.levistream.app.ServiceCommand;
import org.levistream.ingest.publish.IngestConfig;
import org.levistream.ingest.publish.IngestSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code levi ingest movielens}. */
@Command(name = "movielens", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Publish MovieLens ratings as interactions keyed by user id: ml-100k (u.data + u.item), ml-1m "
                + "(ratings.dat + movies.dat), ml-latest (ratings.csv + movies.csv) or the joined CSV of "
                + "scripts/fetch-data.sh; plain or gzipped.")
final class MovieLensIngest implements Callable<Integer>, ServiceCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A MovieLens folder, its ratings file (the movies file beside it is joined), or the "
                    + "joined CSV.")
    Path input;

    @Mixin
    IngestOptions options;

    @Override
    public Integer call() throws InterruptedException {
        IngestRunner.requireExists(spec, "--input", input);
        return IngestRunner.run(spec, options, () -> IngestSources.movielens(input));
    }

    @Override
    public Map<String, String> settings(Map<String, String> env) {
        return options.settings(env);
    }

    @Override
    public IngestConfig config(Map<String, String> env) {
        return options.config(env);
    }

    @Override
    public List<String> unreadVariables(Map<String, String> env) {
        return options.unreadVariables(env);
    }
}
