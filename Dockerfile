# The levi services' image: one runnable jar, CPU libtorch bundled (nothing downloaded at run time).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests install

FROM eclipse-temurin:17-jre
WORKDIR /opt/levi
COPY --from=build /src/app/target/levi.jar /opt/levi/levi.jar
ENV DJL_CACHE_DIR=/var/cache/djl
# The parallel collector: levi commands are throughput jobs on small heaps (see the levi launcher).
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-XX:+UseParallelGC", "-jar", "/opt/levi/levi.jar"]
CMD ["--help"]
