# The levi services' image (docker-compose.yml builds it; docs/deploy.md): one runnable jar with the CPU libtorch
# inside (nothing is downloaded at run time), started by the same launcher as ./levi, as an unprivileged user.
# /opt/levi is laid out like a checkout (config/, data/, checkpoints/, state/), so the shipped config files'
# relative paths (data/backbones, checkpoints, state/evaluator) mean the same in the container as on a clone.
# Base images are pinned to exact versions: the build stage's Maven is the wrapper's (.mvn/wrapper).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl app -am package

FROM eclipse-temurin:17.0.15_6-jre-noble
# The user's uid: the bind-mounted data/ must be writeable by it (docs/deploy.md). 0 would make it root again.
ARG LEVI_UID=10001
# --non-unique: the base image's own user already holds uid and gid 1000, a common host uid.
RUN if [ "$LEVI_UID" = 0 ]; then echo "LEVI_UID must not be 0: the services run unprivileged" >&2; exit 1; fi \
 && groupadd --non-unique --gid "$LEVI_UID" levi \
 && useradd --non-unique --uid "$LEVI_UID" --gid "$LEVI_UID" --home-dir /opt/levi --no-create-home \
      --shell /usr/sbin/nologin levi \
 && mkdir -p /opt/levi/app/target /opt/levi/config /opt/levi/data /opt/levi/checkpoints /opt/levi/state \
      /var/cache/djl \
 && chown levi:levi /opt/levi/data /opt/levi/checkpoints /opt/levi/state /var/cache/djl
WORKDIR /opt/levi
COPY --from=build /src/app/target/levi.jar /opt/levi/app/target/levi.jar
COPY levi /opt/levi/levi
# DJL unpacks the bundled libtorch here on first use; a named volume at checkpoints/ starts as this image's empty,
# levi-owned folder, so the trainer can write there.
ENV DJL_CACHE_DIR=/var/cache/djl
USER levi
# The launcher adds -Dai.djl.offline=true, the parallel collector and LEVI_JAVA_OPTS, as it does on a clone.
ENTRYPOINT ["/opt/levi/levi"]
CMD ["--help"]
