# The image of a Kaoping replica. Not built by CI (no container engine there): everything it runs is what the build
# proves, the README's `./mvnw -B package -DskipTests` and `java -jar target/quarkus-app/quarkus-run.jar`.
# Configure only through the environment (README, "Configuration"): QUARKUS_DATASOURCE_JDBC_URL / _USERNAME /
# _PASSWORD for a real PostgreSQL, MP_JWT_VERIFY_*, KAOPING_*. Without a datasource URL the embedded PostgreSQL keeps
# its data in the /data volume (it refuses to run as root, hence the user).
# Base images pinned to a release; add @sha256 digests where a registry can be reached to pin them completely.
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
# mvnw fetches the pinned Maven through an installed one, and unpacks it with unzip
RUN apt-get update && apt-get install -y --no-install-recommends maven unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml ./
COPY openapi openapi
COPY src src
# the build runs in the target's architecture, so the postgres-* profile of that OS and arch is picked by itself
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17.0.15_6-jre-noble
RUN useradd --system --uid 10001 --home-dir /app kaoping && mkdir -p /data && chown kaoping /data
WORKDIR /app
# the fast-jar's dependencies change less often than the app: their own layer, copied first
COPY --from=build --chown=kaoping /src/target/quarkus-app/lib/ /app/lib/
COPY --from=build --chown=kaoping /src/target/quarkus-app/*.jar /app/
COPY --from=build --chown=kaoping /src/target/quarkus-app/app/ /app/app/
COPY --from=build --chown=kaoping /src/target/quarkus-app/quarkus/ /app/quarkus/
USER 10001
ENV KAOPING_DATA_DIR=/data
# heap from the container's memory limit, not the host's; die (and be restarted) rather than limp on after an OOM
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME /data
EXPOSE 8080
# liveness, not readiness: a replica whose object store is down is taken out of the load balancer, not restarted.
# No curl in the image: bash's /dev/tcp asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /q/health/live HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -n1 <&3 | grep -q " 200 "'
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
