// Bad input in the registry's words: which parameter, and what is wrong with it. The
// message names parameters as {name}; each front end spells them its own way (the program
// as --name, Python as name with '_' for '-' and lambda_), so a caller always reads the
// word it typed. what() spells them as the registry does (the bare name).
#pragma once

#include <stdexcept>
#include <string>

namespace gandyn::registry {

// Replaces each {name} in `message` by spell(name).
template <class Spell>
std::string spell_parameters(const std::string& message, Spell&& spell) {
  std::string out;
  std::size_t i = 0;
  while (i < message.size()) {
    const std::size_t open = message.find('{', i);
    const std::size_t close = open == std::string::npos ? open : message.find('}', open);
    if (close == std::string::npos) {
      out += message.substr(i);
      break;
    }
    out += message.substr(i, open - i);
    out += spell(message.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

class parameter_error : public std::invalid_argument {
 public:
  // parameter: the one at fault (its registry name); message: a sentence naming it as
  // {parameter}, e.g. "{gamma} does not apply to game 'nsgan'".
  parameter_error(std::string parameter, std::string message)
      : std::invalid_argument(spell_parameters(message, [](const std::string& s) { return s; })),
        parameter_(std::move(parameter)),
        message_(std::move(message)) {}

  const std::string& parameter() const noexcept { return parameter_; }
  const std::string& message() const noexcept { return message_; }  // with {name} placeholders
  template <class Spell>
  std::string spelled(Spell&& spell) const {
    return spell_parameters(message_, spell);
  }

 private:
  std::string parameter_;
  std::string message_;
};

}  // namespace gandyn::registry
