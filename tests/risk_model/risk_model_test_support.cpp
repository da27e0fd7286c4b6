#include "risk_model/risk_model_test_support.h"

#include <cstdlib>

#include "risk/model/risk_training.h"

namespace oc::testing {
namespace {

std::vector<risk_model::KcsDeclaration> read_or_die(const std::string& path) {
  auto rows = risk_model::read_kcs_file(path);
  if (!rows) {
    std::fprintf(stderr, "cannot read %s: %s\n", path.c_str(), rows.error().message.c_str());
    std::abort();
  }
  return std::move(rows).value();
}

}  // namespace

const std::vector<risk_model::KcsDeclaration>& kcs_train() {
  static const auto rows = read_or_die(kKcsTrain);
  return rows;
}

const std::vector<risk_model::KcsDeclaration>& kcs_valid() {
  static const auto rows = read_or_die(kKcsValid);
  return rows;
}

const std::string& test_model_file() {
  static const std::string file = [] {
    risk_model::TrainingRun run;
    run.train = &kcs_train();
    run.train_source = "df_syn_train_eng.csv";
    run.parameters.rounds = kTestRounds;
    run.parameters.threads = 1;  // a loaded machine makes OpenMP threads wait on each other
    auto trained = risk_model::train_risk_model(run);
    if (!trained) {
      std::fprintf(stderr, "training failed: %s\n", trained.error().message.c_str());
      std::abort();
    }
    return trained->file_json;
  }();
  return file;
}

const risk_model::RiskModel& test_model() {
  static const risk_model::RiskModel model = [] {
    auto parsed = risk_model::RiskModel::parse(test_model_file());
    if (!parsed) {
      std::fprintf(stderr, "model file: %s %s\n", parsed.error().path.c_str(),
                   parsed.error().message.c_str());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return model;
}

std::string kcs_header() {
  return "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,"
         "Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,"
         "Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,"
         "Net Mass,Item Price,Fraud,Critical Fraud\n";
}

std::string kcs_record(const std::string& id, const std::string& date, bool fraud) {
  return id + "," + date + ",30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,440890,BE,BE,0.0,FEU1,G," +
         "108.0,372254.4," + (fraud ? "1,1" : "0,0") + "\n";
}

}  // namespace oc::testing
