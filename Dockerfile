# Build with the project's own Maven wrapper, run the fast-jar on a JRE as a non-root user.
# Configure only through the environment: QUARKUS_DATASOURCE_JDBC_URL / _USERNAME / _PASSWORD (a real PostgreSQL),
# MP_JWT_VERIFY_PUBLICKEY_LOCATION and MP_JWT_VERIFY_ISSUER (the identity provider), KAOPING_BOOTSTRAP_API_KEY,
# KAOPING_CORS_ORIGINS, KAOPING_DATA_DIR.
FROM eclipse-temurin:17-jdk AS build
# mvnw fetches the pinned Maven through an installed one, and unpacks it with unzip
RUN apt-get update && apt-get install -y --no-install-recommends maven unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml ./
COPY openapi openapi
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app kaoping && mkdir -p /data && chown kaoping /data
WORKDIR /app
COPY --from=build --chown=kaoping /src/target/quarkus-app/ /app/
USER 10001
ENV KAOPING_DATA_DIR=/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
