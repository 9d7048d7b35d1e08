// `tessera export responses|scores|summaries|codebook --campaign C --out FILE|-`: a released
// campaign's CSV exports (engine/export/campaign_exporter.h) to a file, written through a
// temporary file renamed at the end, or to standard output; a progress bar on standard error
// when it is a terminal.
#ifndef TESSERA_SERVER_EXPORT_COMMAND_H_
#define TESSERA_SERVER_EXPORT_COMMAND_H_

#include "server/cli_context.h"

namespace tessera::server {

int RunExportCommand(CliContext& context);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_EXPORT_COMMAND_H_
