# The cutover app as an image: build the jar first with `mvn -B package -DskipTests`.
FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/cutover --create-home cutover
COPY target/cutover-*.jar /opt/cutover/cutover.jar
USER cutover
WORKDIR /var/lib/cutover
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/cutover/cutover.jar"]
