"""What a user sees, asked from a process of its own: the URL every 20 ms, redirects followed, one
line per answer on standard output: the moment it was asked (epoch milliseconds) and the final
status (0: no answer within a second). Runs until its standard input closes or it is killed."""
import sys
import threading
import time
import urllib.error
import urllib.request


def main(url):
    # the benchmark closes standard input when it is done with the prober
    stopped = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stopped.set()), daemon=True).start()
    while not stopped.is_set():
        asked = time.time()
        try:
            with urllib.request.urlopen(url, timeout=1) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except Exception:
            status = 0
        print(int(asked * 1000), status, flush=True)
        pause = asked + 0.02 - time.time()
        if pause > 0:
            time.sleep(pause)


if __name__ == "__main__":
    main(sys.argv[1])
