package org.levistream.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} as an operator's {@code docker compose up} would read it, for {@link ComposeFileTest}:
 * services with their command, environment and mounts, and which mount holds a path inside a container. YAML
 * anchors and merge keys are resolved by the parser, as Compose resolves them.
 */
final class ComposeFile {
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(:?-([^}]*))?}");

    private final Path dir;
    private final Map<String, Service> services;
    private final Set<String> namedVolumes;

    private ComposeFile(Path dir, Map<String, Service> services, Set<String> namedVolumes) {
        this.dir = dir;
        this.services = services;
        this.namedVolumes = namedVolumes;
    }

    static ComposeFile read(Path file) throws IOException {
        Map<String, Object> root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        }
        Map<String, Service> services = new TreeMap<>();
        map(root.get("services")).forEach((name, body) -> services.put(name, new Service(name, map(body))));
        return new ComposeFile(file.toAbsolutePath().getParent(), services, map(root.get("volumes")).keySet());
    }

    Map<String, Service> services() {
        return services;
    }

    Service service(String name) {
        return services.get(name);
    }

    /** Volumes declared at the top level: the ones that outlive a container and that services can share. */
    Set<String> namedVolumes() {
        return namedVolumes;
    }

    /** A bind mount's folder on the host: its source, relative to the compose file's folder. */
    Path hostPath(Mount mount) {
        return dir.resolve(mount.source()).normalize();
    }

    /** One service: the raw YAML with readers for what the test looks at. */
    record Service(String name, Map<String, Object> body) {
        boolean builtHere() {
            return body.containsKey("build");
        }

        Optional<String> image() {
            return Optional.ofNullable((String) body.get("image"));
        }

        List<String> command() {
            Object command = body.get("command");
            if (command instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
            }
            return command == null ? List.of() : Arrays.asList(String.valueOf(command).trim().split("\\s+"));
        }

        /** The environment, list or map form, with {@code ${VAR:-default}} read as its default (CI sets none). */
        Map<String, String> environment() {
            Map<String, String> env = new TreeMap<>();
            Object raw = body.get("environment");
            if (raw instanceof List<?> list) {
                list.forEach(item -> {
                    String[] kv = String.valueOf(item).split("=", 2);
                    env.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
                });
            } else if (raw != null) {
                map(raw).forEach((k, v) -> env.put(k, v == null ? "" : interpolate(String.valueOf(v))));
            }
            return env;
        }

        List<Mount> mounts() {
            Object raw = body.get("volumes");
            List<Mount> mounts = new ArrayList<>();
            for (Object v : raw instanceof List<?> list ? list : List.of()) {
                String[] parts = String.valueOf(v).split(":");
                boolean readOnly = parts.length > 2 && Arrays.asList(parts[2].split(",")).contains("ro");
                mounts.add(parts.length == 1 ? new Mount("", parts[0], false)
                        : new Mount(parts[0], parts[1], readOnly));
            }
            return mounts;
        }

        Map<String, Object> healthcheck() {
            return map(body.get("healthcheck"));
        }

        /** Dependencies to the condition waited for ({@code service_started} for the short list form). */
        Map<String, String> dependsOn() {
            Map<String, String> deps = new LinkedHashMap<>();
            Object raw = body.get("depends_on");
            if (raw instanceof List<?> list) {
                list.forEach(d -> deps.put(String.valueOf(d), "service_started"));
            } else if (raw != null) {
                map(raw).forEach((d, spec) -> deps.put(d, String.valueOf(map(spec).get("condition"))));
            }
            return deps;
        }

        List<String> ports() {
            Object raw = body.get("ports");
            return raw instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        }
    }

    /**
     * A volume of a service: a bind mount ({@code ./config:/opt/levi/config}), a named volume
     * ({@code checkpoints:/opt/levi/checkpoints}) or an anonymous one (no source).
     */
    record Mount(String source, String target, boolean readOnly) {
        boolean bind() {
            return source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
        }

        boolean named() {
            return !source.isEmpty() && !bind();
        }
    }

    /** A path inside a container, found in one of the service's mounts: the mount and the path below its target. */
    record Located(Mount mount, Path within) {
    }

    /** The mount that holds {@code containerPath} (the deepest one, as Docker stacks them), if any. */
    static Optional<Located> locate(Service service, Path containerPath) {
        Path path = containerPath.normalize();
        return service.mounts().stream()
                .filter(m -> path.startsWith(Path.of(m.target())))
                .max(Comparator.comparingInt(m -> Path.of(m.target()).getNameCount()))
                .map(m -> new Located(m, Path.of(m.target()).relativize(path)));
    }

    private static String interpolate(String value) {
        return INTERPOLATION.matcher(value).replaceAll(m -> m.group(3) == null ? "" : m.group(3));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return yaml instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
