-- The old scheduler's database, small but with what a dump must carry: tables, rows, a trigger, a routine.
CREATE DATABASE IF NOT EXISTS gestion_horarios CHARACTER SET utf8mb4;
USE gestion_horarios;
CREATE TABLE profesores (id INT PRIMARY KEY AUTO_INCREMENT, nombre VARCHAR(80) NOT NULL, actualizado TIMESTAMP NULL);
CREATE TABLE horarios (id INT PRIMARY KEY AUTO_INCREMENT, profesor_id INT NOT NULL, dia VARCHAR(10) NOT NULL,
                       hora TIME NOT NULL, aula VARCHAR(20) NOT NULL,
                       FOREIGN KEY (profesor_id) REFERENCES profesores (id));
INSERT INTO profesores (nombre) VALUES ('Ana García'), ('Luis Pérez'), ('Marta Ruiz');
INSERT INTO horarios (profesor_id, dia, hora, aula) VALUES
  (1, 'lunes', '08:00', 'A-101'), (1, 'martes', '10:00', 'A-102'), (2, 'lunes', '09:00', 'B-201'),
  (2, 'jueves', '11:00', 'B-202'), (3, 'viernes', '12:00', 'C-301');
CREATE TRIGGER profesores_touch BEFORE UPDATE ON profesores FOR EACH ROW SET NEW.actualizado = NOW();
CREATE FUNCTION horas_de(p INT) RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM horarios WHERE profesor_id = p);
