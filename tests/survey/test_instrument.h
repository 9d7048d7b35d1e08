// A small instrument built in code for the survey tests: every item type, a reverse-keyed
// item, an item that does not offer "don't know", a team question and a multiple choice.
#ifndef TESSERA_TESTS_SURVEY_TEST_INSTRUMENT_H_
#define TESSERA_TESTS_SURVEY_TEST_INSTRUMENT_H_

#include "instruments/instrument.h"

namespace tessera::survey::testing {

inline instruments::Instrument MakeTestInstrument() {
  using instruments::CodeMeaning;
  using instruments::Grouping;
  using instruments::Item;
  using instruments::ItemType;
  using instruments::ResponseScale;
  using instruments::ScaleKind;

  instruments::Instrument instrument;
  instrument.id = "test-survey";
  instrument.version = instruments::Version{1, 2, 3};
  instrument.title = "Test survey";
  instrument.language = "en-GB";

  ResponseScale agree{"agree5", ScaleKind::kOrdinal, {}, "", {}};
  const char* labels[] = {"Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"};
  for (int i = 1; i <= 5; ++i) agree.values.push_back({i, "", labels[i - 1]});
  agree.codes.push_back({"dk", "Don't know", CodeMeaning::kDontKnow});
  agree.codes.push_back({"na", "Does not apply", CodeMeaning::kNotApplicable});
  instrument.scales.push_back(agree);

  ResponseScale teams{"teams", ScaleKind::kNominal, {}, "organisation.teams", {}};
  teams.codes.push_back({"pnts", "Prefer not to say", CodeMeaning::kPreferNotToSay});
  instrument.scales.push_back(teams);

  ResponseScale languages{"languages", ScaleKind::kNominal, {}, "", {}};
  languages.values.push_back({0, "english", "English"});
  languages.values.push_back({0, "welsh", "Welsh"});
  languages.values.push_back({0, "polish", "Polish"});
  languages.codes.push_back({"pnts", "Prefer not to say", CodeMeaning::kPreferNotToSay});
  instrument.scales.push_back(languages);

  instrument.dimensions.push_back({"openness",
                                   instruments::DimensionKind::kScale,
                                   "Openness",
                                   "How open people are",
                                   "§1",
                                   {{"low", {"Talk more"}}}});

  instruments::Section about{"about", "About you", "A little about you.", {}};
  Item team;
  team.id = "TEAM";
  team.type = ItemType::kSingleChoice;
  team.text = "Which team do you work in?";
  team.scale = "teams";
  team.grouping = Grouping::kTeam;
  about.items.push_back(team);

  Item langs;
  langs.id = "LANGS";
  langs.type = ItemType::kMultipleChoice;
  langs.text = "Which languages do you speak at work?";
  langs.scale = "languages";
  about.items.push_back(langs);

  Item years;
  years.id = "YEARS";
  years.type = ItemType::kNumber;
  years.text = "How many years have you worked here?";
  years.min = 0;
  years.max = 50;
  about.items.push_back(years);
  instrument.sections.push_back(about);

  instruments::Section main{"main", "Your views", "", {}};
  Item att1;
  att1.id = "ATT-01";
  att1.type = ItemType::kScale;
  att1.text = "We welcome people of every background.";
  att1.help = "Think of the last year.";
  att1.scale = "agree5";
  att1.dimension = "openness";
  att1.required = true;
  main.items.push_back(att1);

  Item att2 = att1;
  att2.id = "ATT-02";
  att2.text = "Differences get in the way of our work.";
  att2.help = "";
  att2.reverse = true;
  main.items.push_back(att2);

  Item att3 = att1;
  att3.id = "ATT-03";
  att3.text = "Our team knows its local communities.";
  att3.codes = std::vector<std::string>{"na"};  // "dk" is not offered here
  main.items.push_back(att3);

  Item comment;
  comment.id = "COMMENT";
  comment.type = ItemType::kText;
  comment.text = "Anything else?";
  main.items.push_back(comment);

  Item idea;
  idea.id = "IDEA";
  idea.type = ItemType::kText;
  idea.text = "One idea in a few words";
  idea.max_length = 10;
  idea.required = true;
  main.items.push_back(idea);
  instrument.sections.push_back(main);

  instrument.scoring.method = "mean_of_answered";
  instrument.scoring.range_min = 1;
  instrument.scoring.range_max = 5;
  instrument.scoring.bands.push_back({"low", "Low", 1, 3, "Low", {"Talk"}});
  instrument.scoring.bands.push_back({"high", "High", 3, 5, "High", {"Keep going"}});
  return instrument;
}

}  // namespace tessera::survey::testing

#endif  // TESSERA_TESTS_SURVEY_TEST_INSTRUMENT_H_
