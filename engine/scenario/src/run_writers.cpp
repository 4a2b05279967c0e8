// The run folder's files (SCENARIO.md, The run folder). Numbers are written with fixed
// decimals (Rules, Numbers): persons 0.01, shares 1e-6, minutes 0.01. nlohmann::json prints
// doubles in their shortest form, so fixed-decimal numbers go in as marked strings that are
// turned back into bare numbers after dump().
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <utility>

#include "reach/core/error.hpp"
#include "reach/core/progress.hpp"
#include "reach/core/units.hpp"
#include "reach/io/staged_dir.hpp"
#include "reach/scenario/run.hpp"
#include "reach/scenario/output_files.hpp"
#include "run_layers.hpp"
#include "writers.hpp"

namespace reach::scenario {
namespace {

using detail::csv_field;
using detail::fixed;
using detail::Json;
using detail::minutes;
using detail::persons;
using detail::share;
using detail::unmark_numbers;
using detail::write_file;

Json ratio(const std::optional<double>& value) { return value ? fixed(*value, 6) : Json(nullptr); }

// One totals object (SCENARIO.md, summary.json). E2SFCA keys only when it was computed;
// concentration_index only with measures.equity_rank_column.
Json totals_json(const scoring::Figures& f, const RunResult& r, bool with_e2sfca,
                 double imputed) {
    const auto& t = f.coverage;
    Json j;
    j["population"] = persons(t.population);
    Json covered = Json::object();
    Json shares = Json::object();
    for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
        const auto key = std::to_string(r.thresholds_min[k]);
        covered[key] = persons(t.covered[k]);
        shares[key] = share(t.share_covered[k]);
    }
    j["covered"] = covered;
    j["share_covered"] = shares;
    j["mean_time_min"] = minutes(t.mean_time_min);
    j["median_time_min"] = minutes(t.median_time_min);
    j["p90_time_min"] = minutes(t.p90_time_min);
    j["beyond_target"] = persons(t.beyond_target);
    j["unreachable"] = persons(t.unreachable);
    j["unsnapped"] = persons(t.unsnapped);
    j["imputed_persons"] = persons(imputed);
    if (with_e2sfca) {
        j["e2sfca_mean"] = ratio(f.e2sfca_mean);
        j["gini"] = ratio(f.gini);
        j["palma"] = ratio(f.palma);
        if (r.with_concentration_index) {
            j["concentration_index"] = ratio(f.concentration_index);
        }
    }
    return j;
}

bool with_e2sfca(const RunResult&, const PairResult& pair) { return !pair.e2sfca.empty(); }

}  // namespace

std::string summary_json(const RunResult& r) {
    Json j;
    j["scenario"] = r.scenario;
    j["stand_ins"] = r.stand_ins;
    j["assumptions"] = r.assumptions;
    j["warnings"] = r.warnings;
    j["totals_scope"] = r.totals_scope;
    j["thresholds_min"] = r.thresholds_min;
    j["target_min"] = r.target_min;
    Json imputed = Json::object();
    for (std::size_t g = 0; g < r.group_name.size(); ++g) {
        imputed[r.group_name[g]] = persons(r.imputed_persons[g]);
    }
    j["imputed_persons_all_cells"] = imputed;

    Json totals = Json::object();
    for (const auto& pair : r.pairs) {
        totals[pair.profile][pair.group] =
            totals_json(pair.figures.total, r, with_e2sfca(r, pair), pair.imputed_persons);
    }
    j["totals"] = totals;

    std::vector<std::string> countries;
    for (const auto& pair : r.pairs) {
        countries.insert(countries.end(), pair.figures.country.begin(), pair.figures.country.end());
    }
    std::sort(countries.begin(), countries.end());
    countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
    Json by_country = Json::object();
    for (const auto& country : countries) {
        Json c = Json::object();
        for (const auto& pair : r.pairs) {
            for (std::size_t k = 0; k < pair.figures.country.size(); ++k) {
                if (pair.figures.country[k] == country) {
                    c[pair.profile][pair.group] =
                        totals_json(pair.figures.by_country[k], r, with_e2sfca(r, pair),
                                    pair.imputed_by_country[k]);
                }
            }
        }
        by_country[country] = c;
    }
    j["countries"] = by_country;

    Json areas = Json::array();
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        Json area;
        area["id"] = r.areas[a].id;
        area["name"] = r.areas[a].name;
        area["country"] = r.areas[a].country;
        Json profiles = Json::object();
        for (const auto& pair : r.pairs) {
            profiles[pair.profile][pair.group] =
                totals_json(pair.figures.by_area[a], r, with_e2sfca(r, pair),
                            pair.imputed_by_area[a]);
        }
        area["profiles"] = profiles;
        areas.push_back(area);
    }
    j["areas"] = areas;

    // Per centre (sorted by id) and per operator: groups of the pairs computed per profile.
    const auto groups_of = [&r](const std::string& profile) {
        std::vector<std::size_t> out;
        for (const auto& pair : r.pairs) {
            if (pair.profile == profile) {
                for (std::size_t g = 0; g < r.group_name.size(); ++g) {
                    if (r.group_name[g] == pair.group) out.push_back(g);
                }
            }
        }
        return out;
    };
    Json centres = Json::array();
    for (std::size_t c = 0; c < r.centres.centre_count(); ++c) {
        Json centre;
        centre["id"] = r.centres.id[c];
        centre["operator"] = r.centres.operator_name[c];
        centre["capacity"] = persons(r.centres.capacity[c]);
        Json profiles = Json::object();
        for (const auto& cr : r.centre_results) {
            Json nearest = Json::object();
            Json unique = Json::object();
            for (const auto g : groups_of(cr.profile)) {
                nearest[r.group_name[g]] = persons(cr.centres.nearest[g][c]);
                unique[r.group_name[g]] = persons(cr.centres.unique_covered[g][c]);
            }
            profiles[cr.profile] = {{"nearest", nearest},
                                    {"unique_covered", unique},
                                    {"load", ratio(cr.centres.load[c])}};
        }
        centre["profiles"] = profiles;
        centres.push_back(centre);
    }
    j["centres"] = centres;
    Json operators = Json::object();
    for (const auto& cr : r.centre_results) {
        for (std::size_t o = 0; o < cr.operators.name.size(); ++o) {
            for (const auto g : groups_of(cr.profile)) {
                operators[cr.operators.name[o]][cr.profile][r.group_name[g]] = {
                    {"covered", persons(cr.operators.covered[g][o])},
                    {"unique_covered", persons(cr.operators.unique_covered[g][o])}};
            }
        }
    }
    j["operators"] = operators;

    // Gap areas per profile × group ("profile" and "group" name the pair), each pair's ranked.
    Json gaps = Json::array();
    for (const auto& pair : r.pairs) {
        for (std::size_t k = 0; k < pair.gaps.size(); ++k) {
            const auto& gap = pair.gaps[k];
            Json entry;
            entry["profile"] = pair.profile;
            entry["group"] = pair.group;
            entry["rank"] = k + 1;
            entry["area_km2"] = fixed(gap.area_km2, 2);
            entry["score"] = fixed(gap.score, 2);
            entry["unreachable"] = persons(gap.unreachable);
            Json population = Json::object();
            for (std::size_t g = 0; g < r.group_name.size(); ++g) {
                population[r.group_name[g]] = persons(gap.population[g]);
            }
            entry["population"] = population;
            entry["areas"] = gap.areas;
            entry["cells"] = gap.cell_count;
            entry["first_cell"] = gap.first_cell;
            gaps.push_back(entry);
        }
    }
    j["gaps"] = gaps;

    Json cross_border = Json::object();
    for (const auto& pair : r.pairs) {
        Json closed = Json::object();
        for (std::size_t k = 0; k < r.thresholds_min.size(); ++k) {
            closed[std::to_string(r.thresholds_min[k])] = persons(pair.covered_if_border_closed[k]);
        }
        cross_border[pair.profile][pair.group] = {{"nearest_abroad", persons(pair.nearest_abroad)},
                                                  {"covered_if_border_closed", closed}};
    }
    j["cross_border"] = cross_border;
    return unmark_numbers(j.dump(2)) + "\n";
}

std::string cells_csv(const RunResult& r) {
    const std::size_t n = r.cell_id.size();
    std::string out = "cell_id,x,y,area_id,country";
    for (const auto& g : r.group_name) {
        out += fmt::format(",{}", csv_field(g));
    }
    for (const auto& p : r.profiles) {
        out += fmt::format(",time_min_{0},centre_id_{0}", csv_field(p.profile));
        for (const auto& pair : r.pairs) {
            if (pair.profile == p.profile && !pair.e2sfca.empty()) {
                out += fmt::format(",e2sfca_{}",
                                   csv_field(fmt::format("{}_{}", pair.profile, pair.group)));
            }
        }
        for (const auto& pair : r.pairs) {
            if (pair.profile == p.profile) {
                out += fmt::format(",gap_{}",
                                   csv_field(fmt::format("{}_{}", pair.profile, pair.group)));
            }
        }
    }
    out += '\n';
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return r.cell_id[a] < r.cell_id[b]; });
    for (const auto i : order) {
        bool populated = false;
        for (const auto& group : r.persons) {
            populated = populated || group[i] > 0.0;
        }
        if (!populated) {
            continue;
        }
        // A matrix scenario's cells have no location: x,y empty.
        const auto coordinate = [](double v) {
            return std::isfinite(v) ? fmt::format("{:.2f}", v) : std::string();
        };
        out += fmt::format("{},{},{},{},{}", csv_field(r.cell_id[i]), coordinate(r.x[i]),
                           coordinate(r.y[i]), csv_field(r.cell_area[i]),
                           csv_field(r.cell_country[i]));
        for (const auto& group : r.persons) {
            out += fmt::format(",{:.2f}", group[i]);
        }
        for (const auto& p : r.profiles) {
            if (p.time_s[i] == unreachable) {
                out += ",,";
            } else {
                out += fmt::format(",{:.2f},{}", p.time_s[i] / 60.0, csv_field(p.centre_id[i]));
            }
            for (const auto& pair : r.pairs) {
                if (pair.profile == p.profile && !pair.e2sfca.empty()) {
                    out += fmt::format(",{:.6f}", pair.e2sfca[i]);
                }
            }
            for (const auto& pair : r.pairs) {
                if (pair.profile == p.profile) {
                    out += pair.gap[i] != 0 ? ",1" : ",0";
                }
            }
        }
        out += '\n';
    }
    return out;
}

std::vector<std::string> write_run(const Scenario& scenario, const RunResult& result,
                                   const std::filesystem::path& dir, bool overwrite,
                                   const std::string& version,
                                   const std::vector<ExtraFile>& extra) {
    return write_run(scenario, result, dir, overwrite, version, [&extra] { return extra; });
}

std::vector<std::string> write_run(const Scenario& scenario, const RunResult& result,
                                   const std::filesystem::path& dir, bool overwrite,
                                   const std::string& version, const MakeExtraFiles& make_extra) {
    io::StagedDir out(dir, overwrite);
    const auto& formats = scenario.outputs.formats;
    const auto wants = [&formats](const char* format) {
        return std::find(formats.begin(), formats.end(), format) != formats.end();
    };
    const auto metadata = detail::layer_metadata(scenario, result);
    std::vector<std::string> files;
    const auto path_of = [&](std::string_view key) {
        files.push_back(output_file(scenario, key));
        return out.file(files.back());
    };
    // A centre's own surface: travel_time_<profile>_<id>.tif, the id made file-safe.
    const auto path_of_centre = [&](const std::string& profile, const std::string& id) {
        std::string safe = id;
        for (auto& c : safe) {
            const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                               c == '_' || c == '.';
            c = plain ? c : '_';
        }
        auto name = fmt::format("travel_time_{}_{}.tif", profile, safe);
        for (int n = 2; std::find(files.begin(), files.end(), name) != files.end(); ++n) {
            name = fmt::format("travel_time_{}_{}_{}.tif", profile, safe, n);  // "a/b" vs "a_b"
        }
        files.push_back(name);
        return out.file(files.back());
    };
    // The files are independent: their paths are taken here in the manifest's order (so an
    // injected failure hits the same file as before), then each is made and written as its
    // own task. Every file's bytes depend on the result alone, never on which thread wrote it
    // or when; the first failure in this order is the one reported.
    struct Job {
        std::string name;
        int cost;  // a rough rank of the work, to start the largest first
        std::function<void()> write;
    };
    std::vector<Job> jobs;
    const auto add = [&jobs, &files](int cost, std::function<void()> write) {
        jobs.push_back(Job{files.back(), cost, std::move(write)});
    };
    {
        const auto path = path_of("summary");
        add(1, [&result, path] { write_file(path, summary_json(result)); });
    }
    if (wants("csv")) {
        const auto path = path_of("cells");
        add(2, [&result, &metadata, path] {
            if (path.extension() == ".csv" || path.extension() == ".CSV") {
                write_file(path, cells_csv(result));
            } else {
                const std::vector<io::VectorLayer> cells = {
                    detail::cells_vector_layer(result, metadata)};
                io::write_vector_layers(path, cells);
            }
        });
    }
    if (wants("gpkg")) {
        const auto path = path_of("reach");
        add(5, [&result, &metadata, path] {
            io::write_vector_layers(path, detail::run_layers(result, metadata));
            if (io::vector_format(path)->driver == "GPKG") {
                io::write_layer_styles(path, detail::run_layer_styles(result));
            }
        });
    }
    if (wants("geojson") && !result.surfaces.empty()) {
        const auto path = path_of("catchments");
        add(4, [&result, &metadata, path] {
            const std::vector<io::VectorLayer> bands = {
                detail::catchment_bands_layer(result, metadata)};
            io::write_vector_layers(path, bands);
        });
    }
    if (wants("geotiff")) {
        for (const auto& surface : result.surfaces) {
            const auto path =
                surface.centre_id.empty()
                    ? path_of(fmt::format("travel_time_{}", surface.profile))
                    : path_of_centre(surface.profile, surface.centre_id);
            if (!surface.geotiff.empty()) {
                add(1, [&surface, path] { write_file(path, surface.geotiff); });
                continue;
            }
            add(3, [&result, &surface, path] {
                const geo::RasterGrid grid{surface.grid.min_x, surface.grid.max_y,
                                           surface.grid.pixel_m, surface.grid.width,
                                           surface.grid.height, result.crs};
                geo::write_time_geotiff(path, grid, surface.minutes);
            });
        }
    }
    // The extra files (the report) are made beside the others; written after them.
    std::vector<ExtraFile> extra;
    jobs.push_back(Job{"extra files", 6, [&extra, &make_extra] { extra = make_extra(); }});
    // Largest first (the GeoPackage, then the catchments and the rasters), so the small files
    // fill in beside them; each thread takes the next job left.
    std::vector<std::size_t> order(jobs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&jobs](std::size_t a, std::size_t b) {
        return jobs[a].cost > jobs[b].cost;
    });
    std::vector<std::exception_ptr> failures(jobs.size());
    std::vector<double> seconds(jobs.size(), 0.0);
    Progress progress("export", jobs.size());
    std::atomic<std::size_t> next{0};
    const int workers = std::max(1, tbb::this_task_arena::max_concurrency());
    tbb::parallel_for(0, workers, [&](int) {
        for (std::size_t n = next++; n < order.size(); n = next++) {
            const auto k = order[n];
            const auto start = std::chrono::steady_clock::now();
            try {
                jobs[k].write();
            } catch (...) {
                failures[k] = std::current_exception();
            }
            seconds[k] =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
    });
    for (std::size_t k = 0; k < jobs.size(); ++k) {
        debug(fmt::format("write: {} in {:.2f} s", jobs[k].name, seconds[k]));
    }
    for (const auto& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    for (const auto& file : extra) {
        files.push_back(file.name);
        write_file(out.file(file.name), file.text);
    }
    progress.finish();
    Json manifest;
    manifest["reach_version"] = version;
    manifest["scenario_file"] = scenario.source.string();
    manifest["threads"] = result.threads;
    manifest["stand_ins"] = result.stand_ins;
    manifest["warnings"] = result.warnings;
    Json inputs = Json::array();
    for (const auto& [file, hash] : result.input_hashes) {
        inputs.push_back({{"file", file}, {"fnv1a", hash}});
    }
    manifest["inputs"] = inputs;
    manifest["files"] = files;
    manifest["resolved_scenario"] = to_yaml(scenario);
    write_file(out.file("manifest.json"), manifest.dump(2) + "\n");
    out.commit();
    files.emplace_back("manifest.json");
    return files;
}

}  // namespace reach::scenario
