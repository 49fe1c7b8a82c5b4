package org.levistream.app.demo;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.levistream.common.config.SettingsLayers;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.dashboard.Dashboard;
import org.levistream.evaluator.dashboard.DashboardSettings;
import org.levistream.evaluator.dashboard.MetricPoint;
import org.levistream.evaluator.dashboard.MetricSeries;
import org.levistream.evaluator.dashboard.MetricsView;
import org.levistream.evaluator.dashboard.Split;
import org.levistream.evaluator.service.EvaluatorService;
import org.levistream.model.backbone.BackboneCatalog;

/**
 * The demo's evaluator: {@code levi evaluate} with the shipped {@code config/evaluator.yaml}, pointed at the demo's
 * checkpoints, backbones and data, and its dashboard, whose view of {@code levi.metrics} and {@code levi.alerts} the
 * console and the summary read too.
 */
final class DemoEvaluation implements AutoCloseable {
    private final EvaluatorConfig config;
    private final PrometheusMeterRegistry meters;
    private final EvaluatorService service;
    private final Dashboard dashboard;

    private DemoEvaluation(EvaluatorConfig config, PrometheusMeterRegistry meters, EvaluatorService service,
                           Dashboard dashboard) {
        this.config = config;
        this.meters = meters;
        this.service = service;
        this.dashboard = dashboard;
    }

    /**
     * Starts the evaluator and the dashboard.
     *
     * @param kafka         where the topics are
     * @param configs       the shipped evaluator config
     * @param checkpoints   the trainers' checkpoint root
     * @param backbones     the backbone catalogue
     * @param data          the data, for the GloVe vectors
     * @param state         the Streams state folder
     * @param sampleSize    held-out records kept per topic
     * @param dashboardPort the dashboard's port; 0 for a free one. Taken, a free one is used instead
     * @return the running evaluation
     * @throws IOException          if the dashboard cannot start
     * @throws InterruptedException if interrupted while stopping the evaluator after the dashboard failed
     */
    static DemoEvaluation start(StreamFeed.KafkaTarget kafka, DemoConfigs configs, Path checkpoints, Path backbones, DemoData data,
                                Path state, int sampleSize, int dashboardPort) throws IOException, InterruptedException {
        Map<String, String> settings = new TreeMap<>(EvaluatorConfig.DEFINITIONS.canonical(
                SettingsLayers.readYaml(configs.evaluator())));
        settings.put(EvaluatorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        settings.put(EvaluatorConfig.REGISTRY_URL, kafka.registryUrl());
        settings.put(EvaluatorConfig.CHECKPOINT_ROOT, checkpoints.toString());
        settings.put(EvaluatorConfig.BACKBONE_STORE, backbones.resolve(BackboneCatalog.STORE).toString());
        settings.put(EvaluatorConfig.GLOVE, data.dir().resolve("glove/glove-100d.bin").toString());
        settings.put(EvaluatorConfig.STATE_DIR, state.toString());
        settings.put(EvaluatorConfig.SAMPLE_SIZE, Integer.toString(sampleSize));
        settings.put(EvaluatorConfig.DASHBOARD_PORT, Integer.toString(dashboardPort));
        EvaluatorConfig config = EvaluatorConfig.from(settings);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EvaluatorService service = EvaluatorService.start(config, meters);
        try {
            return new DemoEvaluation(config, meters, service, dashboard(config, meters));
        } catch (IOException | RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private static Dashboard dashboard(EvaluatorConfig config, PrometheusMeterRegistry meters) throws IOException {
        Map<String, String> client = config.dashboardClient();
        DashboardSettings settings = config.dashboard().orElseThrow();
        try {
            return Dashboard.start(settings, client, meters);
        } catch (BindException taken) {
            // Another dashboard (a levi evaluate) has the port: the demo's own goes elsewhere and says where.
            return Dashboard.start(DashboardSettings.onPort(0).withTopics(settings.metricsTopic(),
                    settings.alertsTopic()), client, meters);
        }
    }

    /** What the evaluator has published: every metric series and alert. */
    MetricsView view() {
        return dashboard.view();
    }

    /** The dashboard's address. */
    URI dashboardUrl() {
        return dashboard.url();
    }

    /** Why the evaluator stopped, if it failed. */
    Optional<Throwable> failure() {
        return service.failure();
    }

    /** The held-out topics of a stream ({@code levi.<stream>.holdout}, then its OOD topics). */
    List<String> topics(String stream) {
        return config.holdoutTopics().stream().filter(t -> t.startsWith("levi." + stream + ".")).sorted().toList();
    }

    /** The metric a stream is summed up by: RMSE for ratings, accuracy for images. */
    static String mainMetric(String stream) {
        return stream.equals("images") ? "accuracy" : "rmse";
    }

    /** Whether a version's main metric is out for every held-out topic of its stream, in {@code series}. */
    boolean scored(List<MetricSeries> series, DemoExperiments.Experiment experiment, long version) {
        return topics(experiment.stream()).stream().allMatch(topic -> point(series, experiment, topic, version)
                .isPresent());
    }

    /** A version's main metric on a topic, if scored. */
    static Optional<MetricPoint> point(List<MetricSeries> series, DemoExperiments.Experiment experiment, String topic,
                                       long version) {
        return series.stream()
                .filter(s -> s.key().split() != Split.GAP && s.key().experiment().equals(experiment.name())
                        && s.key().topic().equals(topic) && s.key().metric().equals(mainMetric(experiment.stream())))
                .flatMap(s -> s.points().stream()).filter(p -> p.version() == version).findFirst();
    }

    /** Stops the dashboard, then the evaluator (which commits what it has scored). */
    @Override
    public void close() throws InterruptedException {
        try {
            dashboard.close();
        } finally {
            service.close();
            meters.close();
        }
    }
}
