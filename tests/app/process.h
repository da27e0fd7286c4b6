// Runs the real `opencustoms` binary for black-box tests: fork/exec with captured output.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace oc::testing {

// The value of the first "name": in a JSON text (a string's contents, or a number/literal as
// written). Enough for asserting on flat answers; no JSON parsing.
inline std::string json_field(const std::string& json, const std::string& name) {
  std::string key = "\"" + name + "\":";
  std::size_t start = json.find(key);
  if (start == std::string::npos) return "";
  start += key.size();
  if (start < json.size() && json[start] == '"') {
    ++start;
    return json.substr(start, json.find('"', start) - start);
  }
  return json.substr(start, json.find_first_of(",}]", start) - start);
}

struct ProcessResult {
  int exit_code = -1;  // -signal when killed
  std::string out;
  std::string err;
};

// A started child whose stdout is a pipe we read; stderr goes to a file.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& stderr_file) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0) dup2(err, STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_fd_ = fds[0];
  }
  ~Child() {
    if (out_fd_ >= 0) close(out_fd_);
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Reads one line of stdout (without '\n'); false at end of output.
  bool read_line(std::string& line) {
    line.clear();
    while (true) {
      std::size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return true;
      }
      char chunk[4096];
      ssize_t n = read(out_fd_, chunk, sizeof chunk);
      if (n <= 0) return false;  // a partial last line is not a line
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  void kill_now() { kill(pid_, SIGKILL); }
  void terminate() { kill(pid_, SIGTERM); }
  void signal(int number) { kill(pid_, number); }
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool reaped_ = false;
  std::string buffer_;
};

inline ProcessResult run_process(const std::vector<std::string>& args,
                                 const std::string& stderr_file) {
  ProcessResult result;
  Child child(args, stderr_file);
  std::string line;
  while (child.read_line(line)) result.out += line + "\n";
  result.exit_code = child.wait();
  if (std::FILE* f = std::fopen(stderr_file.c_str(), "r")) {
    char chunk[4096];
    std::size_t n;
    while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) result.err.append(chunk, n);
    std::fclose(f);
  }
  return result;
}

}  // namespace oc::testing
