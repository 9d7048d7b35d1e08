// Decoding of application/x-www-form-urlencoded request bodies.
#ifndef TESSERA_SERVER_PAGES_FORM_PARSING_H_
#define TESSERA_SERVER_PAGES_FORM_PARSING_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::server::pages {

// Field name -> every value submitted under that name, in order (checkboxes share a name).
using FormFields = std::map<std::string, std::vector<std::string>>;

// Decodes '+' as a space and %XX as a byte; an invalid escape stays literal ("%zz", "50%").
std::string FormDecode(std::string_view text);

// Splits "a=1&b=2&a=3" into fields. A piece without '=' is a field with an empty value; empty
// pieces ("&&") are skipped.
FormFields ParseForm(std::string_view body);

// The first value of `name`, or "" when the field is absent.
std::string FirstValue(const FormFields& form, const std::string& name);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_FORM_PARSING_H_
