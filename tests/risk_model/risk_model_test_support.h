// Shared by the risk model tests: the KCS files, a model trained once per test process, and small
// hand-written KCS files.
#pragma once

#include <string>
#include <vector>

#include "risk/model/kcs_data.h"
#include "risk/model/model_file.h"

namespace oc::testing {

inline const std::string kKcsDirectory = OC_SHARED_DATA_DIR "/risk/kcs/";
inline const std::string kKcsTrain = kKcsDirectory + "df_syn_train_eng.csv";
inline const std::string kKcsValid = kKcsDirectory + "df_syn_valid_eng.csv";

const std::vector<risk_model::KcsDeclaration>& kcs_train();
const std::vector<risk_model::KcsDeclaration>& kcs_valid();

// Rounds of the shared test model: few, so the test stays fast (the protocol is the same).
inline constexpr int kTestRounds = 40;
// A model trained on the 2020 file (kTestRounds rounds), loaded back from its file text.
const risk_model::RiskModel& test_model();
const std::string& test_model_file();

// The header of the KCS layout and one valid record (2020-01-01, no fraud) to build files from.
std::string kcs_header();
std::string kcs_record(const std::string& id = "1001", const std::string& date = "2020-01-01",
                       bool fraud = false);

}  // namespace oc::testing
