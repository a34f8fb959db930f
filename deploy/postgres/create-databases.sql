-- One database per service (run once, when the PostgreSQL volume is first created).
CREATE DATABASE users;
CREATE DATABASE chat;
