// `gandyn merge FILE... --out FILE` (docs/program.md, "Shards and merge"): the shards of one
// sweep joined into the map one run would have written, rows in cell order whatever the
// order of the files. Shards must have the same columns (and, for JSON, the same command and
// grid); a cell given twice or missing is an error naming the cells. A JSON shard knows the
// grid's size; for CSV shards the grid is taken to end at the largest cell index seen, so
// only JSON can detect that the last cells are missing.
#include "output_file.hpp"
#include "subcommands.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cli {

namespace {

struct shard_file {
  bool json = false;
  std::string header;            // CSV header / JSON columns, dumped
  nlohmann::ordered_json meta;   // JSON: everything but the cells
  std::map<long, std::string> csv_rows;
  std::map<long, nlohmann::ordered_json> json_rows;
  long total = -1;
};

shard_file read_shard(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw usage_error("cannot read '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  shard_file s;
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    s.json = true;
    nlohmann::ordered_json j;
    try {
      j = nlohmann::ordered_json::parse(text);
      s.total = j.at("cells_total").get<long>();
      s.header = j.at("columns").dump();
      for (const auto& row : j.at("cells")) {
        const long k = row.at(0).get<long>();
        if (!s.json_rows.emplace(k, row).second) throw usage_error("'" + path + "' holds cell " + std::to_string(k) + " twice");
      }
    } catch (const nlohmann::json::exception& e) {
      throw usage_error("'" + path + "' is not a gandyn sweep JSON file (" + e.what() + ")");
    }
    j.erase("cells");
    s.meta = j;
    return s;
  }
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line) || line.rfind("cell,", 0) != 0)
    throw usage_error("'" + path + "' is not a gandyn sweep CSV file (no 'cell,...' header)");
  s.header = line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const std::string number = line.substr(0, line.find(','));
    char* end = nullptr;
    const long k = std::strtol(number.c_str(), &end, 10);
    if (number.empty() || *end != '\0' || k < 0)
      throw usage_error("'" + path + "' has a row whose cell is not an integer >= 0: '" + number + "'");
    if (!s.csv_rows.emplace(k, line).second) throw usage_error("'" + path + "' holds cell " + std::to_string(k) + " twice");
  }
  return s;
}

nlohmann::ordered_json without_shard(nlohmann::ordered_json meta) {
  meta.erase("shard");
  return meta;
}

std::string list_cells(const std::vector<long>& cells) {
  std::string text;
  for (std::size_t i = 0; i < cells.size() && i < 20; ++i) text += (i ? ", " : "") + std::to_string(cells[i]);
  if (cells.size() > 20) text += ", ... (" + std::to_string(cells.size()) + " in all)";
  return text;
}

}  // namespace

int run_merge(const std::vector<std::string>& files, const std::string& out_path) {
  if (files.empty()) throw usage_error("merge needs at least one FILE");
  if (out_path.empty()) throw usage_error("--out is required");
  std::vector<shard_file> shards;
  for (const std::string& f : files) shards.push_back(read_shard(f));
  for (const shard_file& s : shards) {
    if (s.json != shards[0].json) throw usage_error("merge: the files mix CSV and JSON");
    if (s.header != shards[0].header) throw usage_error("merge: the files have different columns");
    if (s.json && without_shard(s.meta) != without_shard(shards[0].meta))
      throw usage_error("merge: the files come from different sweeps (command or grid differ)");
  }
  std::map<long, int> seen;
  long total = shards[0].total;
  for (const shard_file& s : shards) {
    if (s.json) {
      for (const auto& [k, row] : s.json_rows) ++seen[k];
    } else {
      for (const auto& [k, row] : s.csv_rows) ++seen[k];
    }
  }
  if (total < 0) total = seen.empty() ? 0 : seen.rbegin()->first + 1;
  std::vector<long> repeated, missing;
  for (const auto& [k, count] : seen) {
    if (count > 1) repeated.push_back(k);
    if (k >= total) throw usage_error("merge: cell " + std::to_string(k) + " is outside the grid of " + std::to_string(total));
  }
  for (long k = 0; k < total; ++k)
    if (!seen.count(k)) missing.push_back(k);
  if (!repeated.empty()) throw usage_error("merge: cells given more than once: " + list_cells(repeated));
  if (!missing.empty()) throw usage_error("merge: cells missing: " + list_cells(missing));

  output_file out(out_path);
  std::string text;
  if (shards[0].json) {
    nlohmann::ordered_json j = shards[0].meta;
    j["shard"] = "0/1";
    nlohmann::ordered_json cells = nlohmann::ordered_json::array();
    std::map<long, const nlohmann::ordered_json*> rows;
    for (const shard_file& s : shards)
      for (const auto& [k, row] : s.json_rows) rows[k] = &row;
    for (const auto& [k, row] : rows) cells.push_back(*row);
    j["cells"] = cells;
    text = j.dump() + "\n";
  } else {
    std::map<long, const std::string*> rows;
    for (const shard_file& s : shards)
      for (const auto& [k, row] : s.csv_rows) rows[k] = &row;
    text = shards[0].header + "\n";
    for (const auto& [k, row] : rows) text += *row + "\n";
  }
  out.commit(text);
  return 0;
}

}  // namespace cli
