/**
 * The lab: a simulated Titan cluster in one JVM for drills and integration tests. {@link
 * io.hecate.drills.lab.Lab#start(io.hecate.drills.lab.LabSpec)} brings up one MINA SSHD per node, fabric8's
 * CRUD mock API behind a gate that follows etcd quorum, a NUT protocol server and Vault stubs, and writes
 * a Hecate config, kubeconfig, SSH identity and known_hosts that point at them.
 */
package io.hecate.drills.lab;
