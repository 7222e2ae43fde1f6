//! The `echelon` command: serve, migrate, seed-demo, create-admin, audit verify, backup,
//! restore, schema, precompress.
use clap::{Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use echelon::config::Settings;
use echelon::error::ApiError;

#[global_allocator]
static ALLOCATOR: echelon::Allocator = echelon::Allocator;

#[derive(Parser)]
#[command(
    name = "echelon",
    version,
    about = "Echelon — people operations for call centers"
)]
struct Cli {
    /// Configuration file (default: ./echelon.toml when present). ECHELON_* variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (migrates first).
    Serve {
        /// Also load the demo center before serving.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Load the demo center (idempotent).
    SeedDemo,
    /// Create an administrator; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        employee_no: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "00000000")]
        phone: String,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write a consistent backup of the database to FILE.
    Backup { file: PathBuf },
    /// Restore the database from FILE (stop the server first).
    Restore { file: PathBuf },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Write `.br` and `.gz` siblings of the built web app's files (the server sends them to
    /// browsers that take them) and print raw, gzip and brotli sizes.
    Precompress { dir: PathBuf },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and report the first broken link.
    Verify,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Serve { .. }) {
        echelon::allocator::start_with_settings();
    }
    match &cli.command {
        Command::Schema => {
            print!("{}", echelon::graphql::sdl());
            return ExitCode::SUCCESS;
        }
        Command::Precompress { dir } => return precompress(dir),
        _ => {}
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    echelon::telemetry::init(settings.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:?}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> Result<ExitCode, ApiError> {
    match command {
        Command::Serve { demo } => {
            let app = echelon::startup::Application::build(settings).await?;
            if demo {
                let r = echelon::seed::seed_demo(app.state()).await?;
                tracing::info!(
                    created = r.created,
                    units = r.units,
                    employees = r.employees,
                    "demo center ready"
                );
            }
            tracing::info!(port = app.port(), "listening");
            app.run_until_stopped().await.map_err(ApiError::internal)?;
        }
        Command::Migrate => {
            echelon::startup::prepare_state(settings).await?;
            println!("database is up to date");
        }
        Command::SeedDemo => {
            let state = echelon::startup::prepare_state(settings).await?;
            let r = echelon::seed::seed_demo(&state).await?;
            if r.created {
                println!(
                    "demo center created: {} units, {} employees",
                    r.units, r.employees
                );
            } else {
                println!(
                    "demo center already present: {} units, {} employees",
                    r.units, r.employees
                );
            }
            println!("demo logins (password {}):", echelon::seed::DEMO_PASSWORD);
            for (login, _, what) in echelon::seed::DEMO_LOGINS {
                println!("  {login}  {what}");
            }
        }
        Command::CreateAdmin {
            employee_no,
            name,
            phone,
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(ApiError::internal)?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            let state = echelon::startup::prepare_state(settings).await?;
            echelon::accounts::service::create_admin(
                &state,
                &employee_no,
                &name,
                &phone,
                &password,
            )
            .await?;
            println!("administrator {employee_no} created");
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let state = echelon::startup::prepare_state(settings).await?;
            let verdict =
                echelon::audit::verify(&state.db, |n| eprintln!("verified {n} events…")).await?;
            match verdict {
                echelon::audit::Verdict::Intact { events } => {
                    println!("audit chain intact: {events} events")
                }
                echelon::audit::Verdict::Broken { seq, reason } => {
                    println!("audit chain BROKEN at event {seq}: {reason}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Command::Backup { file } => {
            let db = echelon::db::connect(&settings).await?;
            echelon::backup::backup(&db, &settings, &file).await?;
            println!("backup written to {}", file.display());
        }
        Command::Restore { file } => {
            echelon::backup::restore(&settings, &file)?;
            println!("restored from {}", file.display());
        }
        Command::Schema | Command::Precompress { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn precompress(dir: &std::path::Path) -> ExitCode {
    println!("{}", echelon::precompress::HEADER);
    let (mut raw, mut gzip, mut brotli) = (0, 0, 0);
    let done = echelon::precompress::precompress(dir, |s| {
        println!("{}", s.line(dir));
        raw += s.raw;
        gzip += s.gzip;
        brotli += s.brotli;
    });
    match done {
        Ok(files) => {
            println!(
                "{raw:>10} {gzip:>10} {brotli:>10}  total of {} files",
                files.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot precompress {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
