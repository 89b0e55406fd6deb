# One image per module: docker compose builds it with the module's name, from the boot jar that
# ./mvnw -B package -DskipTests made (<module>/target/<module>-<version>-exec.jar).
FROM eclipse-temurin:17-jre
ARG MODULE
RUN groupadd --system --gid 10001 bricklayer && useradd --system --uid 10001 --gid 10001 bricklayer && mkdir -p /app /trust && chown bricklayer /app /trust
COPY ${MODULE}/target/${MODULE}-*-exec.jar /app/app.jar
COPY blueprints /app/blueprints
COPY access-rules /app/access-rules
WORKDIR /app
USER 10001:10001
# numeric user: Kubernetes checks runAsNonRoot against it. The root file system may be read-only (Kubernetes): the JVM
# and Spring Boot write only to java.io.tmpdir (/tmp, a volume there)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
