// Independent FIT reader for the tests: fit-file-parser (npm), installed in ./npm.
// Prints one JSON object: the session, lap count and durations, records, developer fields.
const path = require('path');
const fs = require('fs');
const FitParser = require(path.join(__dirname, 'npm', 'node_modules', 'fit-file-parser')).default;

const parser = new FitParser({ force: false, speedUnit: 'm/s', lengthUnit: 'm', mode: 'list' });
parser.parse(fs.readFileSync(process.argv[2]), (error, data) => {
  if (error) {
    console.error('fit-file-parser: ' + error);
    process.exit(1);
  }
  const s = data.sessions[0] || {};
  const records = data.records || [];
  const last = records[records.length - 1] || {};
  const dev = records.find((r) => r.peak_force !== undefined && r.peak_force !== null) || {};
  console.log(JSON.stringify({
    sport: s.sport,
    sub_sport: s.sub_sport,
    total_elapsed_time: s.total_elapsed_time,
    total_timer_time: s.total_timer_time,
    total_distance: s.total_distance,
    avg_cadence: s.avg_cadence,
    num_laps: s.num_laps,
    laps: (data.laps || []).length,
    lap_times: (data.laps || []).map((l) => l.total_elapsed_time),
    records: records.length,
    last_distance: last.distance,
    cadences: records.map((r) => r.cadence),
    peak_force: dev.peak_force,
    loading_rate: dev.loading_rate,
  }));
});
