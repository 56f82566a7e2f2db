# The cutover app, built from the project.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src src
COPY processes processes
RUN mvn -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1000 --system --home /var/lib/cutover --create-home cutover
COPY --from=build /build/target/cutover-*.jar /opt/cutover/cutover.jar
USER cutover
WORKDIR /var/lib/cutover
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/cutover/cutover.jar"]
