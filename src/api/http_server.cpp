// HttpServer: the accept loop, one Connection per socket (each on its own strand), the blocking
// handler pool, timeouts and shutdown. See http_server.h for the contract.
#include "api/http_server.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace oc::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

// Bytes asked of one read. Small enough that 10,000 connections stay cheap, large enough that a
// request usually arrives in one read.
constexpr std::size_t read_bytes = 8 * 1024;
// How long the accept loop pauses after an accept error (out of file descriptors, ...).
constexpr std::chrono::milliseconds accept_retry_delay{50};
constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

constexpr auto relaxed = std::memory_order_relaxed;

std::string format_endpoint(const tcp::endpoint& endpoint) {
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint.port());
}

std::string milliseconds_text(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

class Connection;

// What the server and its connections share. Outlives the io_context and the handler pool, so a
// connection destroyed while either is torn down still finds it.
struct ServerState {
  ServerState(const ServerOptions& options, Handler handler)
      : options(options), handler(std::move(handler)) {}

  // False when the server is stopping (the connection must close at once).
  bool add(const std::shared_ptr<Connection>& connection);
  // Called by ~Connection.
  void remove(Connection* connection);
  std::vector<std::shared_ptr<Connection>> snapshot();

  HttpResponse run_handler(const HttpRequest& request);

  const ServerOptions options;
  const Handler handler;
  ServerStats stats;
  std::optional<net::thread_pool::executor_type> handler_executor;

  std::mutex mutex;
  std::condition_variable all_closed;  // connections_open reached 0
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;  // guarded by mutex
  bool stopping = false;                                                   // guarded by mutex
};

// One accepted socket. Every member function runs on the connection's strand (the socket's
// executor), so none needs a lock. The object lives as long as an operation (read, write, timer
// wait, Handler job) holds a shared_ptr to it.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // reject: answer 503 http.overloaded and close (the server is at connections_max).
  Connection(ServerState& server, tcp::socket socket, bool reject)
      : server_(server),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        reader_(server.options.limits()),
        reject_(reject),
        request_started_(SteadyClock::now()) {
    server_.stats.connections_open.fetch_add(1, relaxed);
  }
  ~Connection() { server_.remove(this); }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  net::any_io_executor executor() { return socket_.get_executor(); }

  void start() {
    if (!server_.add(shared_from_this())) {
      close();
      return;
    }
    error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
    tcp::endpoint remote = socket_.remote_endpoint(ec);
    if (!ec) remote_address_ = format_endpoint(remote);
    if (reject_) {
      server_.stats.rejected_connections.fetch_add(1, relaxed);
      HttpResponse response =
          error_response(503, "http.overloaded", "too many open connections; retry later");
      response.headers.emplace_back("Retry-After", "1");
      write(serialize_http_response(response, false), After::linger);
      return;
    }
    server_.stats.connections_total.fetch_add(1, relaxed);
    read_more();
  }

  // The server is stopping: close now unless a request is in the Handler or being answered.
  void request_stop() {
    stop_requested_ = true;
    if (phase_ == Phase::idle || phase_ == Phase::reading || phase_ == Phase::lingering) close();
  }

  // Closes the socket whatever is under way (a Handler still running finds it closed).
  // REQUIRES: no thread runs the connection's strand (the I/O threads are joined).
  void close_now() { close(); }

 private:
  enum class Phase { idle, reading, handling, writing, lingering, closed };
  enum class After { next_request, read_more, linger };

  // --- reading -------------------------------------------------------------------------------

  // After a response: parse what is buffered already (pipelined), else read.
  void next_request() {
    if (buffer_.size() > 0 && parse_buffered()) return;
    read_more();
  }

  void read_more() {
    if (stop_requested_) {
      close();
      return;
    }
    if (reader_.in_request()) {
      phase_ = Phase::reading;
      set_deadline(request_started_ + server_.options.request_timeout);
    } else {
      phase_ = Phase::idle;
      set_deadline(first_request_ ? request_started_ + server_.options.request_timeout
                                  : SteadyClock::now() + server_.options.idle_timeout);
    }
    socket_.async_read_some(buffer_.prepare(read_bytes),
                            [self = shared_from_this()](const error_code& ec, std::size_t bytes) {
                              self->on_read(ec, bytes);
                            });
  }

  void on_read(const error_code& ec, std::size_t bytes) {
    if (closed_) return;
    if (deadline_passed_) {
      on_deadline_passed();
      return;
    }
    if (ec) {  // end of stream, reset, or cancelled: nothing to answer
      close();
      return;
    }
    buffer_.commit(bytes);
    if (phase_ == Phase::idle && !first_request_) request_started_ = SteadyClock::now();
    if (parse_buffered()) return;
    read_more();
  }

  // Feeds the buffer to the reader; true when the connection moved on (request dispatched, error
  // answered, 100 Continue being written), false when more bytes are needed.
  bool parse_buffered() {
    auto data = buffer_.data();
    std::size_t used =
        reader_.feed(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(used);
    switch (reader_.state()) {
      case HttpRequestReader::State::complete:
        dispatch();
        return true;
      case HttpRequestReader::State::failed:
        answer_error(reader_.error());
        return true;
      case HttpRequestReader::State::reading:
        break;
    }
    if (!continue_sent_ && reader_.expects_continue()) {
      continue_sent_ = true;
      write(std::string(continue_response), After::read_more);
      return true;
    }
    return false;
  }

  // --- handling ------------------------------------------------------------------------------

  void dispatch() {
    phase_ = Phase::handling;
    clear_deadline();
    continue_sent_ = false;
    first_request_ = false;
    SerializeOptions serialize{.keep_alive = reader_.keep_alive() && !stop_requested_,
                               .http10_client = reader_.is_http10()};
    close_after_write_ = !serialize.keep_alive;
    HttpRequest request = reader_.take();
    serialize.head_request = request.method == "HEAD";
    request.remote_address = remote_address_;
    server_.stats.requests_total.fetch_add(1, relaxed);
    net::post(*server_.handler_executor, [self = shared_from_this(), strand = executor(),
                                          request = std::move(request), serialize]() mutable {
      std::string bytes = serialize_http_response(self->server_.run_handler(request), serialize);
      net::post(strand, [self = std::move(self), bytes = std::move(bytes)]() mutable {
        self->on_response(std::move(bytes));
      });
    });
  }

  void on_response(std::string bytes) {
    if (closed_) return;
    write(std::move(bytes), After::next_request);
  }

  void answer_error(const Error& error) {
    server_.stats.protocol_errors.fetch_add(1, relaxed);
    HttpResponse response =
        error_response(http_status_for_request_error(error), error.code, error.message);
    write(serialize_http_response(response, false), After::linger);
  }

  void on_deadline_passed() {
    if (phase_ != Phase::reading) {  // idle: no request begun, nothing to answer
      close();
      return;
    }
    server_.stats.timeouts.fetch_add(1, relaxed);
    HttpResponse response = error_response(
        408, "http.timeout",
        "request not complete within " + milliseconds_text(server_.options.request_timeout));
    write(serialize_http_response(response, false), After::linger);
  }

  // --- writing -------------------------------------------------------------------------------

  void write(std::string bytes, After after) {
    phase_ = Phase::writing;
    set_deadline(SteadyClock::now() + server_.options.write_timeout);
    out_ = std::move(bytes);
    net::async_write(socket_, net::buffer(out_),
                     [self = shared_from_this(), after](const error_code& ec, std::size_t) {
                       self->on_write(ec, after);
                     });
  }

  void on_write(const error_code& ec, After after) {
    if (closed_) return;
    if (ec || deadline_passed_) {
      close();
      return;
    }
    switch (after) {
      case After::read_more:
        read_more();
        return;
      case After::linger:
        linger();
        return;
      case After::next_request:
        if (stop_requested_) {
          close();
        } else if (close_after_write_) {
          linger();
        } else {
          next_request();
        }
        return;
    }
  }

  // Half-close, then read and discard until the client closes too or linger_timeout passes:
  // closing with unread bytes would send a reset, which can destroy the answer in flight.
  void linger() {
    phase_ = Phase::lingering;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec || stop_requested_) {
      close();
      return;
    }
    set_deadline(SteadyClock::now() + server_.options.linger_timeout);
    buffer_.clear();
    drain();
  }

  void drain() {
    socket_.async_read_some(buffer_.prepare(read_bytes),
                            [self = shared_from_this()](const error_code& ec, std::size_t) {
                              if (self->closed_) return;
                              if (ec || self->deadline_passed_) {
                                self->close();
                                return;
                              }
                              self->drain();
                            });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    phase_ = Phase::closed;
    deadline_.reset();
    error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

  // --- deadlines -----------------------------------------------------------------------------
  // One timer wait at a time. Moving a deadline later only stores it (the wait, when it fires,
  // waits again until the stored deadline), so the usual request costs no timer operation.

  void set_deadline(SteadyClock::time_point deadline) {
    deadline_ = deadline;
    deadline_passed_ = false;
    if (timer_armed_ && armed_until_ <= deadline) return;
    arm(deadline);
  }

  void clear_deadline() {
    deadline_.reset();
    deadline_passed_ = false;
  }

  void arm(SteadyClock::time_point until) {
    timer_armed_ = true;
    armed_until_ = until;
    timer_.expires_at(until);
    timer_.async_wait([self = shared_from_this(), wait = ++timer_wait_](const error_code&) {
      self->on_timer(wait);
    });
  }

  void on_timer(std::uint64_t wait) {
    if (wait != timer_wait_ || closed_) return;  // replaced by a later arm(), or closed
    timer_armed_ = false;
    if (!deadline_) return;
    if (SteadyClock::now() < *deadline_) {
      arm(*deadline_);
      return;
    }
    deadline_.reset();
    deadline_passed_ = true;
    error_code ignored;
    socket_.cancel(ignored);  // the pending read or write completes and sees deadline_passed_
  }

  ServerState& server_;
  tcp::socket socket_;
  net::steady_timer timer_;
  boost::beast::flat_buffer buffer_;
  HttpRequestReader reader_;
  std::string out_;  // the bytes being written
  std::string remote_address_;
  const bool reject_;

  Phase phase_ = Phase::idle;
  bool first_request_ = true;
  bool continue_sent_ = false;
  bool close_after_write_ = false;
  bool stop_requested_ = false;
  bool closed_ = false;
  SteadyClock::time_point request_started_;

  std::optional<SteadyClock::time_point> deadline_;
  bool deadline_passed_ = false;
  bool timer_armed_ = false;
  SteadyClock::time_point armed_until_;
  std::uint64_t timer_wait_ = 0;
};

bool ServerState::add(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex);
  if (stopping) return false;
  connections.emplace(connection.get(), connection);
  return true;
}

void ServerState::remove(Connection* connection) {
  std::lock_guard lock(mutex);
  connections.erase(connection);
  if (stats.connections_open.fetch_sub(1, relaxed) == 1) all_closed.notify_all();
}

std::vector<std::shared_ptr<Connection>> ServerState::snapshot() {
  std::lock_guard lock(mutex);
  std::vector<std::shared_ptr<Connection>> alive;
  alive.reserve(connections.size());
  for (const auto& [pointer, weak] : connections) {
    if (auto connection = weak.lock()) alive.push_back(std::move(connection));
  }
  return alive;
}

HttpResponse ServerState::run_handler(const HttpRequest& request) {
  try {
    return handler(request);
  } catch (...) {
    stats.handler_errors.fetch_add(1, relaxed);
  }
  try {
    return error_response(500, "internal.error", "internal error while handling the request");
  } catch (...) {  // out of memory: an empty 500 is all that is left to say
    HttpResponse response;
    response.status = 500;
    return response;
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct HttpServer::Impl {
  ~Impl() { shutdown(); }

  void accept() {
    acceptor->async_accept(
        net::make_strand(*io_context),
        [this](const error_code& ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
  }

  void on_accept(const error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
    if (ec) {  // e.g. out of file descriptors: pause instead of spinning
      accept_retry->expires_after(accept_retry_delay);
      accept_retry->async_wait([this](const error_code& wait_error) {
        if (!wait_error && acceptor->is_open()) accept();
      });
      return;
    }
    try {
      bool reject = state->stats.connections_open.load(relaxed) >= state->options.connections_max;
      auto connection = std::make_shared<Connection>(*state, std::move(socket), reject);
      net::post(connection->executor(), [connection] { connection->start(); });
    } catch (...) {  // out of memory: this socket closes, the accept loop goes on
      state->stats.internal_errors.fetch_add(1, relaxed);
    }
    accept();
  }

  void run_io() {
    for (;;) {
      try {
        io_context->run();
        return;
      } catch (...) {  // a bug or out of memory in a completion handler; keep serving
        state->stats.internal_errors.fetch_add(1, relaxed);
      }
    }
  }

  // Stops the I/O threads and the handler pool and destroys the Asio objects, in the order that
  // keeps every Connection's socket destroyed before its io_context. state stays.
  void shutdown() {
    work.reset();
    if (io_context) io_context->stop();
    for (std::thread& thread : io_threads) {
      if (thread.joinable()) thread.join();
    }
    io_threads.clear();
    if (state) {  // connections outliving stop_timeout: their clients see the close now
      for (const auto& connection : state->snapshot()) connection->close_now();
    }
    if (handler_pool) {
      handler_pool->stop();  // jobs not started yet are dropped; running Handlers finish
      handler_pool->join();
    }
    handler_pool.reset();
    accept_retry.reset();
    acceptor.reset();
    io_context.reset();  // destroys the remaining connections
  }

  // Destroyed last (declared first): connections reach it while the Asio objects go.
  std::unique_ptr<ServerState> state;
  std::unique_ptr<net::io_context> io_context;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<net::steady_timer> accept_retry;
  std::unique_ptr<net::thread_pool> handler_pool;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;
  unsigned short port = 0;

  std::mutex stop_mutex;
  bool stopped = false;  // guarded by stop_mutex
};

namespace {

Error options_error(std::string message) {
  return make_error("http.options", "", std::move(message));
}

VoidResult check_options(const ServerOptions& options) {
  using std::chrono::milliseconds;
  if (options.handler_threads == 0 || options.handler_threads > handler_threads_limit) {
    return options_error("handler_threads must be 1.." + std::to_string(handler_threads_limit));
  }
  if (options.io_threads > handler_threads_limit) {
    return options_error("io_threads must be at most " + std::to_string(handler_threads_limit));
  }
  if (options.header_bytes_max < header_bytes_min ||
      options.header_bytes_max > header_bytes_limit) {
    return options_error("header_bytes_max must be " + std::to_string(header_bytes_min) + ".." +
                         std::to_string(header_bytes_limit));
  }
  if (options.body_bytes_max > body_bytes_limit) {
    return options_error("body_bytes_max must be at most " + std::to_string(body_bytes_limit));
  }
  for (milliseconds timeout : {options.request_timeout, options.idle_timeout, options.write_timeout,
                               options.stop_timeout}) {
    if (timeout <= milliseconds::zero()) return options_error("timeouts must be positive");
  }
  if (options.linger_timeout < milliseconds::zero()) {
    return options_error("linger_timeout must not be negative");
  }
  if (options.connections_max == 0) return options_error("connections_max must be at least 1");
  return ok_result();
}

Error bind_error(const ServerOptions& options, const error_code& ec) {
  return make_error("http.bind", "",
                    "cannot listen on " + options.address + ":" + std::to_string(options.port) +
                        ": " + ec.message());
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(const ServerOptions& options,
                                                      Handler handler) {
  OC_TRY(check_options(options));
  if (!handler) return options_error("a handler is required");
  std::size_t io_threads = options.io_threads;
  if (io_threads == 0) io_threads = std::max(1u, std::thread::hardware_concurrency());

  auto impl = std::make_unique<Impl>();
  impl->state = std::make_unique<ServerState>(options, std::move(handler));
  impl->io_context = std::make_unique<net::io_context>(static_cast<int>(io_threads));

  error_code ec;
  net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec) return bind_error(options, ec);
  tcp::endpoint endpoint(address, options.port);
  impl->acceptor = std::make_unique<tcp::acceptor>(net::make_strand(*impl->io_context));
  impl->accept_retry = std::make_unique<net::steady_timer>(impl->acceptor->get_executor());
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) return bind_error(options, ec);
  impl->port = impl->acceptor->local_endpoint(ec).port();
  if (ec) return bind_error(options, ec);

  try {
    impl->handler_pool = std::make_unique<net::thread_pool>(options.handler_threads);
    impl->state->handler_executor.emplace(impl->handler_pool->get_executor());
    impl->work.emplace(impl->io_context->get_executor());
    impl->accept();
    Impl* raw = impl.get();
    for (std::size_t i = 0; i < io_threads; ++i) {
      impl->io_threads.emplace_back([raw] { raw->run_io(); });
    }
  } catch (const std::exception& e) {  // threads could not be created; ~Impl joins the rest
    return make_error("http.start", "", std::string("cannot start server threads: ") + e.what());
  }
  return std::make_unique<HttpServer>(PassKey{}, std::move(impl));
}

HttpServer::HttpServer(PassKey, std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  stop();
}

unsigned short HttpServer::port() const {
  return impl_->port;
}

const ServerStats& HttpServer::stats() const {
  return impl_->state->stats;
}

void HttpServer::stop() {
  std::lock_guard stop_lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  ServerState& state = *impl_->state;

  {
    std::lock_guard lock(state.mutex);
    state.stopping = true;
  }
  net::post(impl_->acceptor->get_executor(), [impl = impl_.get()] {
    error_code ignored;
    impl->acceptor->close(ignored);
    impl->accept_retry->cancel();
  });
  for (auto& connection : state.snapshot()) {
    net::post(connection->executor(), [connection] { connection->request_stop(); });
  }
  {
    std::unique_lock lock(state.mutex);
    state.all_closed.wait_for(lock, state.options.stop_timeout,
                              [&] { return state.stats.connections_open.load(relaxed) == 0; });
  }
  impl_->shutdown();
}

}  // namespace oc::api
