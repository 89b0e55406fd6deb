# One image per module: docker compose builds it with the module's name, from the boot jar that
# ./mvnw -B package -DskipTests made (<module>/target/<module>-<version>-exec.jar).
FROM eclipse-temurin:17-jre
ARG MODULE
RUN useradd --system --uid 10001 bricklayer && mkdir -p /app /trust && chown bricklayer /app /trust
COPY ${MODULE}/target/${MODULE}-*-exec.jar /app/app.jar
COPY blueprints /app/blueprints
COPY access-rules /app/access-rules
WORKDIR /app
USER bricklayer
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC"
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
