// Atomic output: the text goes to a temporary file in the destination's folder, renamed
// onto the destination at the end, so a failed or interrupted run leaves no partial file.
// The temporary file is created before the run starts (an unwritable path or a folder is bad
// input), with the permissions the umask allows (0644 under umask 022, like any tool's
// output; mkstemp alone gives 0600), and removed on SIGINT / SIGTERM.
#pragma once

#include "command_line.hpp"

#include <sys/stat.h>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cli {

namespace detail {
inline char pending_temporary[4096] = {0};
inline void remove_pending_and_exit(int signal) {
  if (pending_temporary[0] != 0) ::unlink(pending_temporary);
  std::_Exit(128 + signal);
}
}  // namespace detail

class output_file {
 public:
  // path empty: standard output.
  explicit output_file(std::string path) : path_(std::move(path)) {
    if (path_.empty()) return;
    struct stat existing {};
    if (::stat(path_.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode))
      throw usage_error("--out: '" + path_ + "' is a folder");
    // A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in place: renaming a file
    // onto it would replace the device itself (as root, /dev/null became a regular file).
    if (::stat(path_.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
      if (::access(path_.c_str(), W_OK) != 0)
        throw usage_error("--out: cannot write '" + path_ + "': " + std::strerror(errno));
      in_place_ = true;
      return;
    }
    std::vector<char> name(path_.begin(), path_.end());
    const std::string suffix = ".tmp.XXXXXX";
    name.insert(name.end(), suffix.begin(), suffix.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw usage_error("--out: cannot write '" + path_ + "': " + std::strerror(errno));
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    temporary_.assign(name.data());
    std::strncpy(detail::pending_temporary, temporary_.c_str(), sizeof(detail::pending_temporary) - 1);
    std::signal(SIGINT, detail::remove_pending_and_exit);
    std::signal(SIGTERM, detail::remove_pending_and_exit);
  }
  output_file(const output_file&) = delete;
  output_file& operator=(const output_file&) = delete;
  ~output_file() {
    if (file_) std::fclose(file_);
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    detail::pending_temporary[0] = 0;
  }

  // Appends text: to standard output, the device, or the temporary file.
  void write(std::string_view text) {
    if (path_.empty()) {
      std::cout << text;
      return;
    }
    if (!file_) file_ = std::fopen(in_place_ ? path_.c_str() : temporary_.c_str(), "wb");
    if (!file_ || std::fwrite(text.data(), 1, text.size(), file_) != text.size())
      throw std::runtime_error("--out: cannot write '" + path_ + "': " + std::strerror(errno));
  }

  // Ends the output: the temporary file is moved into place.
  void commit() {
    if (path_.empty()) {
      std::cout << std::flush;
      return;
    }
    if (!file_) write({});
    const bool closed = std::fclose(std::exchange(file_, nullptr)) == 0;
    if (!closed || (!in_place_ && std::rename(temporary_.c_str(), path_.c_str()) != 0))
      throw std::runtime_error("--out: cannot write '" + path_ + "': " + std::strerror(errno));
    temporary_.clear();
    detail::pending_temporary[0] = 0;
  }

  // Writes the whole text and moves it into place.
  void commit(std::string_view text) {
    write(text);
    commit();
  }

 private:
  std::string path_;
  std::string temporary_;
  bool in_place_ = false;  // a device or pipe, written directly
  std::FILE* file_ = nullptr;  // open from the first write to commit
};

}  // namespace cli
