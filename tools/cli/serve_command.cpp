// reach serve <scenario.yaml>: a local what-if map (issue 9). Runs the scenario once, keeps its
// searches (scenario::SiteTrial) and serves on 127.0.0.1 only:
//   GET  /                  the page (web/serve.html + serve.js, Leaflet bundled: no CDN and
//                           no remote tiles; the base map is the run's own vectors)
//   GET  /api/base          the run's layers (GeoJSON, EPSG:4326) and covered persons
//   POST /api/try           {"sites": [{"lon": …, "lat": …}, …]} → covered persons with those
//                           sites added, their isochrones, problems, compute_ms
// Prints "serving http://127.0.0.1:<port>/" on stdout when ready (--port 0 picks a free port).
// One request computes at a time (the trial keeps a cache and is not thread-safe).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "commands.hpp"
#include "common_options.hpp"
#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/scenario/site_trial.hpp"
#include "run_support.hpp"
#include "serve_layers.hpp"

// Last: httplib pulls in <resolv.h>, whose `_res` macro breaks Eigen headers included after it.
#include <httplib.h>

namespace reach::cli {

std::string_view embedded_file(std::string_view name);  // serve_assets.cpp (generated)

namespace {

struct ServeArgs {
    std::string scenario;
    int port = 8765;
    int threads = 0;
    CacheOptions cache;
};

void serve_asset(httplib::Server& server, const std::string& path, const char* name,
                 const char* type) {
    const auto body = embedded_file(name);
    server.Get(path, [body, type](const httplib::Request&, httplib::Response& response) {
        response.set_content(body.data(), body.size(), type);
    });
}

// {"sites": [{"lon": 26.1, "lat": 55.8}, …]}; UsageError for anything else.
std::vector<scenario::SitePoint> parse_sites(const std::string& body) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("sites") || !j["sites"].is_array()) {
        throw UsageError("expected {\"sites\": [{\"lon\": number, \"lat\": number}, …]}");
    }
    std::vector<scenario::SitePoint> sites;
    for (const auto& site : j["sites"]) {
        if (!site.is_object() || !site.contains("lon") || !site.contains("lat") ||
            !site["lon"].is_number() || !site["lat"].is_number()) {
            throw UsageError("each site needs numbers lon and lat");
        }
        const double lon = site["lon"].get<double>();
        const double lat = site["lat"].get<double>();
        if (!(lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0)) {
            throw UsageError(fmt::format("site ({}, {}) is not a longitude, latitude", lon, lat));
        }
        sites.push_back({lon, lat});
    }
    return sites;
}

void run_serve(const ServeArgs& args) {
    auto s = load_scenario_file(args.scenario);
    GraphMemo graphs(args.cache);
    RunFlags flags;
    flags.threads = args.threads;
    flags.cache = args.cache;
    auto options = run_options(flags, graphs);
    options.encode_rasters = false;  // serve writes no run folder
    scenario::SiteTrial trial(std::move(s), options);
    const double simplify_m = trial.scenario().catchments.raster_resolution_m;
    const std::string base = base_json(trial, simplify_m).dump();
    std::mutex busy;

    httplib::Server server;
    serve_asset(server, "/", "serve.html", "text/html; charset=utf-8");
    serve_asset(server, "/serve.js", "serve.js", "text/javascript; charset=utf-8");
    serve_asset(server, "/leaflet.js", "leaflet.js", "text/javascript; charset=utf-8");
    serve_asset(server, "/leaflet.css", "leaflet.css", "text/css; charset=utf-8");
    server.Get("/api/base", [&base](const httplib::Request&, httplib::Response& response) {
        response.set_content(base, "application/json");
    });
    server.Post("/api/try", [&](const httplib::Request& request, httplib::Response& response) {
        try {
            const auto sites = parse_sites(request.body);
            const std::lock_guard lock(busy);
            const auto start = std::chrono::steady_clock::now();
            auto reply = trial_json(trial, trial.try_sites(sites), simplify_m);
            reply["compute_ms"] =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
            response.set_content(reply.dump(), "application/json");
        } catch (const Error& e) {
            response.status = 400;
            response.set_content(nlohmann::json{{"error", e.what()}}.dump(), "application/json");
        }
    });
    const int port = args.port == 0
                         ? server.bind_to_any_port("127.0.0.1")
                         : (server.bind_to_port("127.0.0.1", args.port) ? args.port : -1);
    if (port < 0) {
        throw OutputError(
            fmt::format("cannot listen on 127.0.0.1:{} (in use? try --port 0)", args.port));
    }
    std::printf("serving http://127.0.0.1:%d/\n", port);
    std::fflush(stdout);
    info("press Ctrl+C to stop");
    server.listen_after_bind();
}

}  // namespace

void add_serve_command(CLI::App& app, const GlobalOptions& /*global*/) {
    auto args = std::make_shared<ServeArgs>();
    auto* command = app.add_subcommand(
        "serve", "Interactive what-if map on 127.0.0.1: click to try a centre site");
    command->add_option("scenario", args->scenario, "Scenario YAML file")->required();
    command->add_option("--port", args->port, "Port on 127.0.0.1 (0: any free port)")
        ->check(CLI::Range(0, 65535));
    command->add_option("--threads", args->threads, "Worker threads (default: all cores)")
        ->check(CLI::PositiveNumber);
    command->add_option("--cache-dir", args->cache.dir, "Graph cache folder");
    command->add_flag("--no-cache{false}", args->cache.enabled,
                      "Neither read nor write the graph cache");
    command->callback([args] { run_serve(*args); });
}

}  // namespace reach::cli
