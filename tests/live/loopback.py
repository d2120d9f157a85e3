"""Real TCP connections over the loopback interface for the live tests: a
listening server, connections to it, and data the peer reads whole."""
import socket


def listen():
    """A server socket on 127.0.0.1 and its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    return server, server.getsockname()[1]


def connect(server):
    """A connection to `server`: the client end and the accepted end."""
    client = socket.create_connection(server.getsockname())
    peer, _ = server.accept()
    return client, peer


def deliver(client, peer, data):
    """Sends `data`, waits until the peer has read as much, and closes both ends."""
    client.sendall(data)
    got = b""
    while len(got) < len(data):
        got += peer.recv(65536)
    client.close()
    peer.close()
