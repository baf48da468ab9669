// The web UI and the OpenAPI document.
//
// Only names of the form [A-Za-z0-9_-][A-Za-z0-9._-]* are served, from the
// set built in (or, with --web-root, regular files directly in that
// directory): no path can climb out.

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "server/assets.h"
#include "server/routes.h"

namespace chancery::server {
namespace {

using httplib::Request;
using httplib::Response;

bool plain_name(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  for (const char c : name) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

struct File {
  std::string data;
  std::string etag;
};

std::string etag_of(std::string_view data) {
  return fmt::format("\"{:016x}-{:x}\"", std::hash<std::string_view>{}(data), data.size());
}

// The served files by name: the embedded ones, or those of `web_root`
// (read at every request there, so that a rebuilt UI shows at once).
class Files {
 public:
  explicit Files(std::filesystem::path web_root) : root_(std::move(web_root)) {
    for (const Asset& a : embedded_assets()) embedded_[std::string(a.name)] = File{std::string(a.data), etag_of(a.data)};
  }

  std::optional<File> find(const std::string& name) const {
    if (!plain_name(name)) return std::nullopt;
    if (!root_.empty() && name != "openapi.json") {
      const std::filesystem::path p = root_ / name;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(p, ec))) return std::nullopt;
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      File f{s.str(), ""};
      f.etag = etag_of(f.data);
      return f;
    }
    auto it = embedded_.find(name);
    if (it == embedded_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::filesystem::path root_;
  std::map<std::string, File> embedded_;
};

void serve(const Files& files, const std::string& name, const Request& req, Response& res) {
  std::optional<File> f = files.find(name);
  if (!f) {
    res.status = 404;
    res.set_content("not found\n", "text/plain");
    return;
  }
  res.set_header("ETag", f->etag);
  res.set_header("Cache-Control", "no-cache");
  if (req.get_header_value("If-None-Match") == f->etag) {
    res.status = 304;
    return;
  }
  res.set_content(std::move(f->data), std::string(content_type_of(name)));
}

}  // namespace

std::string_view content_type_of(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void add_static_routes(httplib::Server& http, State& state) {
  auto files = std::make_shared<Files>(state.options.web_root);
  http.Get("/", [files](const Request& req, Response& res) { serve(*files, "index.html", req, res); });
  http.Get("/index.html", [files](const Request& req, Response& res) { serve(*files, "index.html", req, res); });
  http.Get(R"(/assets/([^/]+))", [files](const Request& req, Response& res) {
    serve(*files, std::string(req.matches[1]), req, res);
  });
  http.Get("/api/openapi.json", [files](const Request& req, Response& res) {
    serve(*files, "openapi.json", req, res);
  });
}

}  // namespace chancery::server
